package io.raftkv.kv.server.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.raftkv.raft.proto.Heartbeat;
import io.raftkv.raft.proto.HeartbeatResponse;
import io.raftkv.raft.proto.Message;
import io.raftkv.server.transport.InboundHandler;
import io.raftkv.server.transport.Transport;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RoundTripTransportTest {

  private long now = 1_000;
  private final List<String> samples = new ArrayList<>();
  private final List<Message> delivered = new ArrayList<>();
  private InboundHandler inbound;
  private final Transport inner = new Transport() {
    @Override
    public void start(InboundHandler handler) {
      inbound = handler;
    }

    @Override
    public void send(Message m) {}

    @Override
    public void updatePeers(Map<String, InetSocketAddress> peers) {}

    @Override
    public InetSocketAddress localAddress() {
      return null;
    }

    @Override
    public void close() {}
  };
  private final RoundTripTransport transport =
      new RoundTripTransport(inner, (peer, nanos) -> samples.add(peer + "=" + nanos), () -> now);

  @Test
  void aHeartbeatResponseGivesTheRoundTripOfTheLatestHeartbeatOnce() {
    transport.start(new InboundHandler() {
      @Override
      public void onMessage(Message m) {
        delivered.add(m);
      }

      @Override
      public void onUnreachable(String peerId) {}
    });
    transport.send(new Heartbeat("n1", "n2", 2, 5, 0));
    now += 300;
    transport.send(new Heartbeat("n1", "n2", 2, 5, 0));
    now += 700;
    HeartbeatResponse response = new HeartbeatResponse("n2", "n1", 2, 0);
    inbound.onMessage(response);
    inbound.onMessage(response); // a duplicate answers nothing
    inbound.onMessage(new HeartbeatResponse("n3", "n1", 2, 0)); // no heartbeat went to n3
    assertThat(samples).containsExactly("n2=700");
    assertThat(delivered).hasSize(3);
  }

  @Test
  void aResponseToAStaleHeartbeatIsNotReported() {
    transport.start(new InboundHandler() {
      @Override
      public void onMessage(Message m) {}

      @Override
      public void onUnreachable(String peerId) {}
    });
    transport.send(new Heartbeat("n1", "n2", 2, 5, 0));
    now += RoundTripTransport.STALE_NANOS;
    inbound.onMessage(new HeartbeatResponse("n2", "n1", 2, 0));
    assertThat(samples).isEmpty();
  }
}
