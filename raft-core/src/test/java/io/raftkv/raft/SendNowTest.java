package io.raftkv.raft;

import static org.assertj.core.api.Assertions.assertThat;

import io.raftkv.raft.proto.AppendEntries;
import io.raftkv.raft.proto.AppendEntriesResponse;
import io.raftkv.raft.proto.Heartbeat;
import io.raftkv.raft.proto.HeartbeatResponse;
import io.raftkv.raft.proto.Message;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Issue #10: output that depends on nothing durable ({@link RaftNode#takeSendNow()}) is available while a
 * Ready's persistence is in flight, so heartbeats, their acknowledgements and read confirmations never
 * wait for a disk; acknowledgements of durable state still do.
 */
class SendNowTest {

  private static RaftNodeTest.Cluster electedN1() {
    RaftNodeTest.Cluster c = new RaftNodeTest.Cluster(3, x -> x.heartbeatTick(2));
    c.node("n1").campaign();
    c.stabilize();
    assertThat(c.node("n1").status().role()).isEqualTo(StateRole.LEADER);
    return c;
  }

  @Test
  void aLeaderWithAReadyInFlightStillHeartbeatsAndConfirmsReads() {
    RaftNodeTest.Cluster c = electedN1();
    RaftNode n1 = c.node("n1");
    n1.propose("x".getBytes(StandardCharsets.UTF_8));
    Ready inFlight = n1.ready(); // its fsync "hangs": never advanced in this test
    assertThat(inFlight.entries()).hasSize(1);
    c.network.addAll(inFlight.messagesToSendNow());
    c.stabilize(); // followers persist and ack; n1 cannot make a new Ready
    assertThat(n1.hasReady()).isFalse();

    n1.tick();
    n1.tick();
    assertThat(n1.hasSendNow()).as("heartbeat due").isTrue();
    List<Message> beats = n1.takeSendNow().messages();
    assertThat(beats).filteredOn(m -> m instanceof Heartbeat).extracting(Message::to).containsExactly("n2", "n3");

    long commit = n1.status().commitIndex();
    n1.readIndex(42);
    assertThat(n1.hasSendNow()).as("read round due").isTrue();
    SendNow round = n1.takeSendNow();
    assertThat(round.readStates()).isEmpty();
    assertThat(round.messages()).filteredOn(m -> m instanceof Heartbeat hb && hb.readContext() > 0).hasSize(2);
    c.network.addAll(round.messages());
    c.stabilize();
    assertThat(n1.takeSendNow().readStates()).containsExactly(new ReadState(42, commit));
    assertThat(n1.hasReady()).as("still waiting for the disk").isFalse();
  }

  @Test
  void aFollowerWithAReadyInFlightAcksHeartbeatsButNotAppends() {
    RaftNodeTest.Cluster c = electedN1();
    RaftNode n1 = c.node("n1");
    RaftNode n2 = c.node("n2");
    n1.propose("x".getBytes(StandardCharsets.UTF_8));
    Ready leaderRd = n1.ready();
    AppendEntries append = (AppendEntries) leaderRd.messagesToSendNow().stream()
        .filter(m -> m instanceof AppendEntries && m.to().equals("n2")).findFirst().orElseThrow();
    n2.step(append);
    Ready inFlight = n2.ready(); // n2's fsync hangs
    assertThat(inFlight.entries()).hasSize(1);
    assertThat(inFlight.messagesAfterPersist()).hasOnlyElementsOfType(AppendEntriesResponse.class).hasSize(1);

    long term = n1.status().currentTerm();
    n2.step(new Heartbeat("n1", "n2", term, 0, 5));
    SendNow now = n2.takeSendNow();
    assertThat(now.messages()).containsExactly(new HeartbeatResponse("n2", "n1", term, 5));
    n2.step(append); // a retransmission: its ack still waits for a Ready's persistence
    assertThat(n2.takeSendNow().messages()).isEmpty();
  }
}
