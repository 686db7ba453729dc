package io.raftkv.transport.netty;

import io.raftkv.server.transport.RecordingHandler;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/** Builds started {@link NettyTransport}s on loopback with ephemeral ports, all knowing each other. */
final class Loopback {

  static final String CLUSTER = "test-cluster";

  record Node(String id, NettyTransport transport, RecordingHandler handler) {
    InetSocketAddress address() {
      return transport.localAddress();
    }
  }

  private Loopback() {}

  static InetSocketAddress anyPort() {
    return new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
  }

  static TransportConfig config(String id, InetSocketAddress bind, boolean epoll) {
    // Short backoff keeps reconnect tests quick; the defaults are exercised by TransportConfigTest.
    return TransportConfig.of(CLUSTER, id, bind, Map.of()).withPreferEpoll(epoll).withIoThreads(1);
  }

  static Map<String, Node> cluster(List<String> ids, boolean epoll) {
    return cluster(ids, epoll, UnaryOperator.identity());
  }

  static Map<String, Node> cluster(List<String> ids, boolean epoll, UnaryOperator<TransportConfig> tweak) {
    Map<String, Node> nodes = new HashMap<>();
    for (String id : ids) {
      nodes.put(id, start(tweak.apply(config(id, anyPort(), epoll))));
    }
    Map<String, InetSocketAddress> book = new HashMap<>();
    nodes.values().forEach(n -> book.put(n.id(), n.address()));
    nodes.values().forEach(n -> n.transport().updatePeers(without(book, n.id())));
    return nodes;
  }

  static Node start(TransportConfig cfg) {
    NettyTransport t = NettyTransport.create(cfg);
    RecordingHandler h = new RecordingHandler();
    t.start(h);
    return new Node(cfg.selfId(), t, h);
  }

  static Map<String, InetSocketAddress> without(Map<String, InetSocketAddress> book, String id) {
    Map<String, InetSocketAddress> copy = new HashMap<>(book);
    copy.remove(id);
    return copy;
  }
}
