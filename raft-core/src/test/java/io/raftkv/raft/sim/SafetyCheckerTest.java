package io.raftkv.raft.sim;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.raftkv.raft.ReadState;
import io.raftkv.raft.Ready;
import io.raftkv.raft.StateRole;
import io.raftkv.raft.Status;
import io.raftkv.raft.log.MemoryStorage;
import io.raftkv.raft.proto.ConfState;
import io.raftkv.raft.proto.Entry;
import io.raftkv.raft.proto.HardState;
import io.raftkv.raft.proto.RequestVoteResponse;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Each safety check fires on a hand-made violation and stays quiet on the legal counterpart. */
class SafetyCheckerTest {

  private static final ConfState CONF = ConfState.ofVoters(Set.of("n1", "n2", "n3"));

  private static Status status(String id, StateRole role, long term, long commit, long last) {
    return new Status(id, role, term, null, commit, commit, last, role == StateRole.LEADER ? id : null, CONF,
        false, Map.of(), null, 1, 0, 10);
  }

  private static Ready entries(List<Entry> entries, List<Entry> committed) {
    return new Ready(null, null, entries, List.of(), null, committed, null, List.of(), List.of(), List.of(),
        !entries.isEmpty());
  }

  private static Entry entry(long term, long index, int payload) {
    return Entry.normal(term, index, new Command(payload, 0, payload, 0).encode());
  }

  @Test
  void electionSafety() {
    SafetyChecker c = new SafetyChecker(true);
    c.onStep("n1", new NodeView(), status("n1", StateRole.LEADER, 3, 0, 0));
    assertThatCode(() -> c.onStep("n1", new NodeView(), status("n1", StateRole.LEADER, 3, 0, 0))).doesNotThrowAnyException();
    assertThatThrownBy(() -> c.onStep("n2", new NodeView(), status("n2", StateRole.LEADER, 3, 0, 0)))
        .isInstanceOf(SafetyViolation.class).hasMessageStartingWith("Election Safety");
  }

  @Test
  void logMatching() {
    SafetyChecker c = new SafetyChecker(true);
    NodeView a = new NodeView();
    NodeView b = new NodeView();
    Status follower = status("x", StateRole.FOLLOWER, 2, 0, 2);
    c.onReady("n1", a, entries(List.of(entry(1, 1, 1), entry(2, 2, 2)), List.of()), follower);
    // Same (index 2, term 2) over a different prefix.
    assertThatThrownBy(() -> c.onReady("n2", b, entries(List.of(entry(1, 1, 9), entry(2, 2, 2)), List.of()), follower))
        .isInstanceOf(SafetyViolation.class).hasMessageStartingWith("Log Matching");
  }

  @Test
  void leaderAppendOnly() {
    SafetyChecker c = new SafetyChecker(true);
    NodeView v = new NodeView();
    Status leader = status("n1", StateRole.LEADER, 2, 0, 2);
    c.onStep("n1", v, leader);
    c.onReady("n1", v, entries(List.of(entry(1, 1, 1), entry(2, 2, 2)), List.of()), leader);
    assertThatCode(() -> c.onReady("n1", v, entries(List.of(entry(2, 3, 3)), List.of()), leader))
        .doesNotThrowAnyException();
    assertThatThrownBy(() -> c.onReady("n1", v, entries(List.of(entry(2, 2, 9)), List.of()), leader))
        .isInstanceOf(SafetyViolation.class).hasMessageStartingWith("Leader Append-Only");
  }

  @Test
  void leaderCompleteness() {
    SafetyChecker c = new SafetyChecker(true);
    List<Entry> log = List.of(entry(1, 1, 1), entry(1, 2, 2));
    c.onReady("n1", new NodeView(), entries(log, log), status("n1", StateRole.FOLLOWER, 1, 2, 2));
    NodeView stale = new NodeView();
    Status leader = status("n2", StateRole.LEADER, 2, 0, 1);
    c.onStep("n2", stale, leader);
    assertThatThrownBy(() -> c.onReady("n2", stale, entries(List.of(entry(2, 1, 5)), List.of()), leader))
        .isInstanceOf(SafetyViolation.class).hasMessageStartingWith("Leader Completeness");
  }

  @Test
  void stateMachineSafetyAndAcknowledgedWrites() {
    SafetyChecker c = new SafetyChecker(true);
    KvStateMachine one = new KvStateMachine();
    one.apply(entry(1, 1, 1));
    c.onApply("n1", entry(1, 1, 1), one.digest());
    c.onAck(1, 1);
    KvStateMachine two = new KvStateMachine();
    two.apply(entry(1, 1, 2));
    assertThatThrownBy(() -> c.onApply("n2", entry(1, 1, 2), two.digest()))
        .isInstanceOf(SafetyViolation.class).hasMessageStartingWith("State Machine Safety");
  }

  @Test
  void commitMonotonicityAndLeaderCommitRule() {
    SafetyChecker c = new SafetyChecker(true);
    NodeView v = new NodeView();
    c.onStep("n1", v, status("n1", StateRole.FOLLOWER, 1, 5, 5));
    assertThatThrownBy(() -> c.onStep("n1", v, status("n1", StateRole.FOLLOWER, 1, 4, 5)))
        .isInstanceOf(SafetyViolation.class).hasMessageStartingWith("Commit Monotonicity");

    NodeView leader = new NodeView();
    c.onStep("n2", leader, status("n2", StateRole.LEADER, 4, 0, 0));
    c.onReady("n2", leader, entries(List.of(entry(2, 1, 1), entry(4, 2, 0)), List.of()),
        status("n2", StateRole.LEADER, 4, 0, 2));
    assertThatThrownBy(() -> c.onStep("n2", leader, status("n2", StateRole.LEADER, 4, 1, 2)))
        .isInstanceOf(SafetyViolation.class).hasMessageStartingWith("Leader Commit Rule");
  }

  @Test
  void persistBeforeSend() {
    SafetyChecker c = new SafetyChecker(true);
    MemoryStorage durable = new MemoryStorage();
    RequestVoteResponse grant = new RequestVoteResponse("n2", "n1", 3, true, false);
    assertThatThrownBy(() -> c.onSend("n2", new NodeView(), durable, grant))
        .isInstanceOf(SafetyViolation.class).hasMessageStartingWith("Persist Before Send");
    durable.setHardState(new HardState(3, "n1", 0));
    assertThatCode(() -> c.onSend("n2", new NodeView(), durable, grant)).doesNotThrowAnyException();
  }

  @Test
  void readIndexLinearizability() {
    SafetyChecker c = new SafetyChecker(true);
    assertThatCode(() -> c.onReadState("n1", new ReadState(1, 7), 7)).doesNotThrowAnyException();
    assertThatThrownBy(() -> c.onReadState("n1", new ReadState(2, 6), 7))
        .isInstanceOf(SafetyViolation.class).hasMessageStartingWith("ReadIndex Linearizability");
  }
}
