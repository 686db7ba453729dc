package io.raftkv.transport.netty;

import static org.assertj.core.api.Assertions.assertThat;

import io.raftkv.server.transport.TransportContractTest;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The transport contract over real loopback TCP, with native epoll and with NIO. */
class NettyTransportContractTest {

  private static List<TransportContractTest.Node> nodes(List<String> ids, boolean epoll) {
    return Loopback.cluster(ids, epoll).values().stream()
        .map(n -> new TransportContractTest.Node(n.id(), n.transport(), n.handler()))
        .toList();
  }

  @Nested
  class Epoll extends TransportContractTest {
    @Override
    protected List<Node> newCluster(List<String> ids) {
      return nodes(ids, true);
    }

    @Test
    void usesNativeEpollOnLinux() {
      var n = nodes(List.of("x"), true).get(0);
      try {
        assertThat(((NettyTransport) n.transport()).usesEpoll())
            .as("epoll available: " + io.netty.channel.epoll.Epoll.unavailabilityCause())
            .isEqualTo(io.netty.channel.epoll.Epoll.isAvailable());
      } finally {
        n.transport().close();
      }
    }
  }

  @Nested
  class Nio extends TransportContractTest {
    @Override
    protected List<Node> newCluster(List<String> ids) {
      return nodes(ids, false);
    }
  }
}
