package io.raftkv.kv.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;

/** The client URL a node advertises ({@code --advertise-client-url}) and the wildcard addresses it refuses. */
class ServerConfigTest {

  private static InetSocketAddress at(String host) {
    return InetSocketAddress.createUnresolved(host, 8001);
  }

  @Test
  void withoutAFlagTheClientBindIsAdvertised() {
    assertThat(ServerConfig.advertisedClientUrl(at("10.0.0.1"), null)).isEqualTo("http://10.0.0.1:8001");
    assertThat(ServerConfig.advertisedClientUrl(at("::1"), null)).isEqualTo("http://[::1]:8001");
  }

  @Test
  void theFlagWinsOverTheBindAddressWithoutItsTrailingSlash() {
    assertThat(ServerConfig.advertisedClientUrl(at("0.0.0.0"), "https://kv.example:443/"))
        .isEqualTo("https://kv.example:443");
  }

  @Test
  void aWildcardBindNeedsTheFlag() {
    for (String host : new String[] {"0.0.0.0", "::", "0:0:0:0:0:0:0:0", ""}) {
      assertThatThrownBy(() -> ServerConfig.advertisedClientUrl(at(host), null)).as(host)
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--advertise-client-url");
    }
  }

  @Test
  void theFlagIsCheckedLikeAMemberTableUrl() {
    for (String url : new String[] {"kv.example:8001", "ftp://kv.example:8001", "http://kv.example",
        "http://kv.example:8001/v1", "http://kv.example:8001?x=1", "http://0.0.0.0:8001", "http://[::]:8001"}) {
      assertThatThrownBy(() -> ServerConfig.advertisedClientUrl(at("10.0.0.1"), url)).as(url)
          .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("--advertise-client-url");
    }
  }

  @Test
  void hostNamesAreNotWildcards() {
    assertThat(ClusterSpec.isWildcard(at("raftkv-0.raftkv.default.svc.cluster.local"))).isFalse();
    assertThat(ClusterSpec.isWildcard(at("localhost"))).isFalse();
    assertThat(ClusterSpec.isWildcard(at("10.0.0.1"))).isFalse();
  }
}
