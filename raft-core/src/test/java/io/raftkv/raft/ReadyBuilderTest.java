package io.raftkv.raft;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.raftkv.raft.proto.AppendEntriesResponse;
import io.raftkv.raft.proto.Entry;
import io.raftkv.raft.proto.HardState;
import io.raftkv.raft.proto.Heartbeat;
import io.raftkv.raft.proto.HeartbeatResponse;
import io.raftkv.raft.proto.ReadIndexRequest;
import io.raftkv.raft.proto.RequestVote;
import io.raftkv.raft.proto.RequestVoteResponse;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The durability rule (etcd's MustSync) and the persist-before-send split of {@link ReadyBuilder}. */
class ReadyBuilderTest {

  private static final SoftState FOLLOWER = new SoftState(null, StateRole.FOLLOWER);
  private static final HardState STORED = new HardState(3, "n2", 10);

  private static Ready build(ReadyBuilder b, HardState hs, List<Entry> entries) {
    return b.build(FOLLOWER, hs, entries, null, List.of(), null, hs.currentTerm());
  }

  @Test
  void aCommitIndexAloneNeedsNoSync() {
    Ready rd = build(new ReadyBuilder(STORED), new HardState(3, "n2", 12), List.of());
    assertThat(rd.hardState()).isEqualTo(new HardState(3, "n2", 12));
    assertThat(rd.mustSync()).isFalse();
  }

  @Test
  void aNewTermOrVoteOrEntriesMustBeSynced() {
    assertThat(build(new ReadyBuilder(STORED), new HardState(4, null, 10), List.of()).mustSync()).as("term").isTrue();
    assertThat(build(new ReadyBuilder(new HardState(3, null, 10)), STORED, List.of()).mustSync()).as("vote").isTrue();
    assertThat(build(new ReadyBuilder(STORED), STORED, List.of(Entry.normal(3, 11, new byte[0]))).mustSync())
        .as("entries").isTrue();
    assertThat(build(new ReadyBuilder(STORED), STORED, List.of()).mustSync()).as("nothing new").isFalse();
  }

  @Test
  void theRuleComparesWithTheLastHandedOutHardStateNotTheStoredOne() {
    ReadyBuilder b = new ReadyBuilder(STORED);
    Ready vote = build(b, new HardState(4, "n1", 10), List.of());
    assertThat(vote.mustSync()).isTrue();
    // Not advanced yet: the vote's Ready is persisted (and synced) before this one completes.
    Ready next = build(b, new HardState(4, "n1", 11), List.of());
    assertThat(next.mustSync()).as("same term and vote").isFalse();
    assertThat(next.hardState()).isEqualTo(new HardState(4, "n1", 11));
    assertThat(build(b, new HardState(4, "n1", 11), List.of()).hardState()).as("unchanged since handed out").isNull();
  }

  @Test
  void readiesAreAdvancedInTheOrderTheyWereHandedOut() {
    ReadyBuilder b = new ReadyBuilder(STORED);
    Ready first = build(b, new HardState(4, "n1", 10), List.of());
    Ready second = build(b, new HardState(4, "n1", 11), List.of());
    assertThat(b.outstandingCount()).isEqualTo(2);
    assertThatThrownBy(() -> b.advance(second)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("out of order");
    b.advance(first);
    b.advance(second);
    assertThat(b.isOutstanding()).isFalse();
  }

  @Test
  void onlyALeadersReplicationTrafficLeavesBeforePersistence() {
    ReadyBuilder b = new ReadyBuilder(STORED);
    Heartbeat hb = new Heartbeat("n1", "n2", 3, 10, 1);
    RequestVoteResponse vote = new RequestVoteResponse("n1", "n3", 3, true, false);
    b.send(hb, true);
    b.send(vote, true);
    b.send(new Heartbeat("n1", "n3", 3, 10, 1), false);
    Ready rd = build(b, STORED, List.of());
    assertThat(rd.messagesToSendNow()).containsExactly(hb);
    assertThat(rd.messagesAfterPersist()).hasSize(2).contains(vote);
  }

  @Test
  void heartbeatAcksAndForwardedRequestsLeaveNowAppendAcksAndVoteRequestsWait() {
    ReadyBuilder b = new ReadyBuilder(STORED);
    HeartbeatResponse ack = new HeartbeatResponse("n2", "n1", 3, 4);
    ReadIndexRequest read = new ReadIndexRequest("n2", "n1", 3, 9);
    AppendEntriesResponse appendAck = new AppendEntriesResponse("n2", "n1", 3, true, 11, 0, 0, 0);
    RequestVote request = new RequestVote("n2", "n1", 4, 10, 3, false, false);
    List.of(ack, read, appendAck, request).forEach(m -> b.send(m, false));
    b.addReadState(new ReadState(9, 10));
    SendNow now = b.takeSendNow();
    assertThat(now.messages()).containsExactly(ack, read);
    assertThat(now.readStates()).containsExactly(new ReadState(9, 10));
    Ready rd = build(b, STORED, List.of());
    assertThat(rd.messagesToSendNow()).isEmpty();
    assertThat(rd.readStates()).isEmpty();
    assertThat(rd.messagesAfterPersist()).containsExactly(appendAck, request);
  }

  @Test
  void successfulAcksOfAnOlderTermAreDropped() {
    ReadyBuilder b = new ReadyBuilder(STORED);
    b.send(new AppendEntriesResponse("n2", "n1", 2, true, 9, 0, 0, 0), false);
    assertThat(b.build(FOLLOWER, STORED, List.of(), null, List.of(), null, 3).messagesAfterPersist()).isEmpty();
  }

  @Test
  void aReadyWithEntriesCannotClaimItNeedsNoSync() {
    assertThatThrownBy(() -> new Ready(null, null, List.of(Entry.normal(1, 1, new byte[0])), List.of(), null,
        List.of(), null, List.of(), List.of(), List.of(), false)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void advanceTakesOnlyTheOutstandingReady() {
    ReadyBuilder b = new ReadyBuilder(STORED);
    Ready rd = build(b, STORED, List.of());
    assertThat(b.isOutstanding()).isTrue();
    assertThatThrownBy(() -> b.advance(null)).isInstanceOf(IllegalArgumentException.class);
    b.advance(rd);
    assertThat(b.isOutstanding()).isFalse();
  }
}
