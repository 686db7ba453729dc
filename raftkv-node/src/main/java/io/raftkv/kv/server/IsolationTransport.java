package io.raftkv.kv.server;

import io.raftkv.kv.http.LocalMode;
import io.raftkv.raft.proto.Message;
import io.raftkv.server.transport.InboundHandler;
import io.raftkv.server.transport.ForwardingTransport;
import io.raftkv.server.transport.Transport;

/**
 * A {@link Transport} decorator with an "isolated" switch for {@code raftkv local}'s network cut: while it
 * is on, every outbound message is dropped before it reaches the wire and every inbound one before it
 * reaches the node, as if the node's cable were pulled. Raft treats it as message loss (§5.3), so an
 * isolated leader loses its quorum and an isolated follower times out and campaigns; turning it off heals.
 *
 * <p>Owns the switch only (a volatile flag read on every message). Drops are silent: no
 * {@code onUnreachable} report, because a cut network does not announce itself either. Only nodes started
 * with {@code --local-control} are wrapped; every other node has no such switch.
 */
final class IsolationTransport extends ForwardingTransport implements LocalMode.Isolation {

  private volatile boolean isolated;

  IsolationTransport(Transport inner) {
    super(inner);
  }

  @Override
  public boolean isolated() {
    return isolated;
  }

  @Override
  public void setIsolated(boolean on) {
    isolated = on;
  }

  @Override
  public void start(InboundHandler handler) {
    inner.start(new InboundHandler() {
      @Override
      public void onMessage(Message m) {
        if (!isolated) {
          handler.onMessage(m);
        }
      }

      @Override
      public void onUnreachable(String peerId) {
        if (!isolated) {
          handler.onUnreachable(peerId);
        }
      }
    });
  }

  @Override
  public void send(Message m) {
    if (!isolated) {
      inner.send(m);
    }
  }
}
