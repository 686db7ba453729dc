package io.raftkv.server.transport;

import io.raftkv.raft.proto.Message;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.Objects;

/**
 * A {@link Transport} that hands every call to {@code inner}: the base of decorators that change one or
 * two calls (drop messages while isolated, time heartbeats) so each states only what it adds. Owns nothing
 * but the reference to {@code inner}.
 */
public abstract class ForwardingTransport implements Transport {

  protected final Transport inner;

  protected ForwardingTransport(Transport inner) {
    this.inner = Objects.requireNonNull(inner, "inner");
  }

  @Override
  public void start(InboundHandler handler) {
    inner.start(handler);
  }

  @Override
  public void send(Message m) {
    inner.send(m);
  }

  @Override
  public void updatePeers(Map<String, InetSocketAddress> peers) {
    inner.updatePeers(peers);
  }

  @Override
  public InetSocketAddress localAddress() {
    return inner.localAddress();
  }

  @Override
  public void close() {
    inner.close();
  }
}
