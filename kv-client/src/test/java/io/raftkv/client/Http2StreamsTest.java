package io.raftkv.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.raftkv.client.FaultInjectingServer.Action;
import io.raftkv.client.FaultInjectingServer.Hang;
import io.raftkv.client.FaultInjectingServer.Respond;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What the client's own HTTP/2 stream handling (kv-client's Http2Streams, no Netty child channels) must get
 * right beyond the request mapping: flow control, the response size limit, and a connection that stays usable
 * after one of its streams was given up.
 */
class Http2StreamsTest {

  private FaultInjectingServer server;
  private RaftKvClient client;

  @AfterEach
  void close() {
    if (client != null) {
      client.close();
    }
    if (server != null) {
      server.close();
    }
  }

  private static Action valueOfSize(int size) {
    return new Respond(200, Map.of("etag", "\"7\""), "x".repeat(size));
  }

  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void responsesLargerThanTheFlowControlWindowArrive(boolean http2) throws Exception {
    // 300 KiB each, 1.5 MiB in all: far beyond HTTP/2's initial 64 KiB windows, which only grow again if the
    // client hands consumed bytes back.
    server = new FaultInjectingServer(http2, r -> valueOfSize(300 << 10));
    client = RaftKvClient.builder().endpoints(server.url()).http2(http2).requestTimeout(Duration.ofSeconds(5)).build();

    for (int i = 0; i < 5; i++) {
      assertThat(client.get("k" + i)).hasValueSatisfying(v -> {
        assertThat(v.value()).hasSize(300 << 10);
        assertThat(v.modRevision()).isEqualTo(7);
      });
    }
  }

  @Test
  void aResponseAboveTheLimitFailsAndTheConnectionServesTheNextRequest() throws Exception {
    server = new FaultInjectingServer(true, r -> r.uri().endsWith("/big") ? valueOfSize(8000) : valueOfSize(10));
    client = RaftKvClient.builder().endpoints(server.url()).maxResponseBytes(2000).maxAttempts(1)
        .requestTimeout(Duration.ofSeconds(5)).build();

    assertThatThrownBy(() -> client.get("big")).isInstanceOf(UnavailableException.class)
        .hasMessageContaining("response larger than 2000 bytes");
    assertThat(client.get("small")).hasValueSatisfying(v -> assertThat(v.value()).hasSize(10));
  }

  @Test
  void aTimedOutStreamIsResetWhileTheOthersOnItsConnectionComplete() throws Exception {
    server = new FaultInjectingServer(true, r -> r.uri().endsWith("/slow") ? new Hang() : valueOfSize(3));
    client = RaftKvClient.builder().endpoints(server.url()).maxAttempts(1)
        .requestTimeout(Duration.ofMillis(1500)).build();

    CompletableFuture<?> slow = client.getAsync("slow");
    assertThat(client.get("fast")).hasValueSatisfying(v -> assertThat(v.value()).hasSize(3));
    assertThatThrownBy(slow::join).hasCauseInstanceOf(UnavailableException.class)
        .hasMessageContaining("no response within 1500 ms");
    assertThat(client.get("after")).hasValueSatisfying(v -> assertThat(v.value()).hasSize(3));
    assertThat(server.received()).hasSize(3);
  }
}
