package io.raftkv.client.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class EndpointTest {

  @Test
  void parsesHttpUrlsAndBareHostPort() {
    assertThat(Endpoint.parse("http://127.0.0.1:8081")).isEqualTo(new Endpoint("127.0.0.1", 8081));
    assertThat(Endpoint.parse(" http://localhost:2379/ ")).isEqualTo(new Endpoint("localhost", 2379));
    assertThat(Endpoint.parse("10.0.0.1:9000")).isEqualTo(new Endpoint("10.0.0.1", 9000));
    assertThat(Endpoint.parse("http://[::1]:8081").authority()).isEqualTo("[::1]:8081");
  }

  @Test
  void rejectsWhatItCannotConnectTo() {
    assertThatThrownBy(() -> Endpoint.parse("https://h:1")).hasMessageContaining("only http");
    assertThatThrownBy(() -> Endpoint.parse("http://h")).hasMessageContaining("needs host and port");
    assertThatThrownBy(() -> Endpoint.parse("http://h:1/v1")).hasMessageContaining("must not have a path");
    assertThatThrownBy(() -> Endpoint.parse("")).hasMessageContaining("empty endpoint");
    assertThatThrownBy(() -> Endpoint.parse("http://h:99999")).isInstanceOf(IllegalArgumentException.class);
  }
}
