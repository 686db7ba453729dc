package io.raftkv.kv.server.metrics;

import io.raftkv.raft.proto.Heartbeat;
import io.raftkv.raft.proto.HeartbeatResponse;
import io.raftkv.raft.proto.Message;
import io.raftkv.server.transport.InboundHandler;
import io.raftkv.server.transport.ForwardingTransport;
import io.raftkv.server.transport.Transport;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * A {@link Transport} decorator that measures the round trip to each peer from the leader's heartbeats:
 * the time from sending a {@link Heartbeat} to receiving that peer's {@link HeartbeatResponse}. Only a
 * leader sends heartbeats, so only the leader reports round trips (etcd's prober measures from every
 * member; Raft's own traffic is enough here and costs nothing extra on the wire).
 *
 * <p>Owns the send time of the latest unanswered heartbeat per peer. A response answers the latest
 * heartbeat (at most one heartbeat interval early when one was lost, which understates the round trip);
 * a send time older than {@link #STALE_NANOS} is discarded rather than reported.
 */
public final class RoundTripTransport extends ForwardingTransport {

  static final long STALE_NANOS = 10_000_000_000L;

  /** Receives one round-trip sample. */
  public interface Recorder {
    void roundTrip(String peer, long nanos);
  }

  private final Recorder recorder;
  private final LongSupplier nanoClock;
  private final Map<String, Long> heartbeatSentNanos = new ConcurrentHashMap<>();

  public RoundTripTransport(Transport inner, Recorder recorder, LongSupplier nanoClock) {
    super(inner);
    this.recorder = recorder;
    this.nanoClock = nanoClock;
  }

  @Override
  public void start(InboundHandler handler) {
    inner.start(new InboundHandler() {
      @Override
      public void onMessage(Message m) {
        if (m instanceof HeartbeatResponse) {
          Long sent = heartbeatSentNanos.remove(m.from());
          long rtt = sent == null ? -1 : nanoClock.getAsLong() - sent;
          if (rtt >= 0 && rtt < STALE_NANOS) {
            recorder.roundTrip(m.from(), rtt);
          }
        }
        handler.onMessage(m);
      }

      @Override
      public void onUnreachable(String peerId) {
        handler.onUnreachable(peerId);
      }
    });
  }

  @Override
  public void send(Message m) {
    if (m instanceof Heartbeat) {
      heartbeatSentNanos.put(m.to(), nanoClock.getAsLong());
    }
    inner.send(m);
  }
}
