package io.raftkv.raft;

import io.raftkv.raft.proto.HardState;
import io.raftkv.raft.role.Candidate;
import io.raftkv.raft.role.Follower;
import io.raftkv.raft.role.Leader;
import io.raftkv.raft.role.PreCandidate;
import io.raftkv.raft.role.Role;
import io.raftkv.raft.role.RoleTransitions;

/**
 * The server state of Figure 4 (which role this node plays) together with the persistent election
 * state of Figure 2 ({@code currentTerm}, {@code votedFor}) and the election timer: the only mutable
 * role state of a node (Kafka KRaft's QuorumState). Every other class reads it and asks for changes
 * through the transitions below; none writes these fields.
 *
 * <p>Transitions (each checked by {@link RoleTransitions#check}, which throws on an illegal one):
 *
 * <ul>
 *   <li>{@link #becomeFollower}: from any role, to the same or a higher term (a higher term clears
 *       {@code votedFor}); the only way out of leadership (§5.1, §6.2 CheckQuorum, thesis §4.2.2).
 *   <li>{@link #becomePreCandidate}: from a non-leader, same term (thesis §9.6).
 *   <li>{@link #becomeCandidate}: from a non-leader, to {@code currentTerm + 1}, voting for itself (§5.2).
 *   <li>{@link #becomeLeader}: from a candidate of the current term that won (§5.2).
 * </ul>
 *
 * Every transition restarts the election timer and draws a new randomized timeout (§5.2), in that order,
 * so the draws from {@link Config#random()} depend only on the sequence of transitions.
 */
final class ServerState {

  private final Config config;
  /** Where role and leader changes are reported (observers only; nothing here reads them back). */
  private final RaftEvents events;
  /** Invariant: {@code role.term() == currentTerm}; a new instance at every transition. */
  private Role role;
  /** Figure 2 currentTerm. Invariant: never decreases; persisted before any message of this term leaves. */
  private long currentTerm;
  /**
   * Figure 2 votedFor in currentTerm, or null. Invariant: set at most once per term (the vote rule of
   * {@link SafetyRules} guarantees it; a broken rule shows up in the simulator's Election Safety check).
   */
  private String votedFor;
  /**
   * Ticks since the election timer was last reset. At a non-leader: since it last heard from the leader,
   * granted a vote or changed role; at the leader: since the last CheckQuorum or leadership transfer.
   */
  private int electionElapsed;
  /** Invariant: in [electionTick, 2 * electionTick), re-drawn at every transition (§5.2). */
  private int randomizedElectionTimeout;

  /** Restores the election state from {@code hs}; a (re)started node is a follower that knows no leader. */
  ServerState(Config config, HardState hs, RaftEvents events) {
    this.config = config;
    this.events = events;
    this.currentTerm = hs.currentTerm();
    this.votedFor = hs.votedFor();
    this.role = new Follower(currentTerm, null);
    resetRandomizedElectionTimeout();
  }

  Role role() {
    return role;
  }

  long currentTerm() {
    return currentTerm;
  }

  String votedFor() {
    return votedFor;
  }

  /** The leader this node knows of in currentTerm (itself when leading), or null. */
  String leaderId() {
    return role.leaderId();
  }

  StateRole kind() {
    return role.kind();
  }

  /** The leader role when this node leads currentTerm, else null: the typed access to leader-only state. */
  Leader leader() {
    return role instanceof Leader l ? l : null;
  }

  boolean isLeader() {
    return leader() != null;
  }

  int randomizedElectionTimeout() {
    return randomizedElectionTimeout;
  }

  /** Ticks since the election timer was last reset (see {@link #electionElapsed}'s field comment). */
  int electionElapsed() {
    return electionElapsed;
  }

  SoftState softState() {
    return new SoftState(role.leaderId(), role.kind());
  }

  HardState hardState(long commitIndex) {
    return new HardState(currentTerm, votedFor, commitIndex);
  }

  /** Allocation-free comparison with {@code hs} (hasReady is on the hot path). */
  boolean differsFrom(HardState hs, long commitIndex) {
    return hs.currentTerm() != currentTerm
        || hs.commitIndex() != commitIndex
        || !java.util.Objects.equals(hs.votedFor(), votedFor);
  }

  // ---------------------------------------------------------------- election timer

  /**
   * Counts one tick at a non-leader; returns true (restarting the timer, keeping the drawn timeout)
   * when the randomized election timeout elapsed.
   */
  boolean tickElectionTimeout() {
    electionElapsed++;
    if (electionElapsed >= randomizedElectionTimeout) {
      electionElapsed = 0;
      return true;
    }
    return false;
  }

  /** Counts one tick at the leader; returns true (restarting the timer) once per {@code electionTick}. */
  boolean tickLeaderTimer() {
    electionElapsed++;
    if (electionElapsed >= config.electionTick()) {
      electionElapsed = 0;
      return true;
    }
    return false;
  }

  /** Restarts the election timer without drawing a new timeout (heard from the leader, granted a vote). */
  void resetElectionTimer() {
    electionElapsed = 0;
  }

  /** Whether a leader of currentTerm is known and was heard from less than {@code ticks} ago. */
  boolean heardFromLeaderWithin(int ticks) {
    return role.leaderId() != null && electionElapsed < ticks;
  }

  // ---------------------------------------------------------------- votes and transitions

  /** Records a granted vote for {@code candidate} in currentTerm (§5.2) and restarts the election timer. */
  void grantVote(String candidate) {
    electionElapsed = 0;
    votedFor = candidate;
  }

  /**
   * Moves to follower of {@code term} (at least currentTerm) knowing {@code leader} (or null).
   *
   * @return whether this ended this node's leadership
   */
  boolean becomeFollower(long term, String leader) {
    boolean wasLeader = isLeader();
    become(new Follower(term, leader));
    return wasLeader;
  }

  PreCandidate becomePreCandidate() {
    PreCandidate pc = new PreCandidate(currentTerm);
    become(pc);
    return pc;
  }

  /** Starts an election in {@code currentTerm + 1}, voting for {@code self} (§5.2). */
  Candidate becomeCandidate(String self, boolean leadershipTransfer) {
    Candidate c = new Candidate(currentTerm + 1, leadershipTransfer);
    become(c);
    votedFor = self;
    return c;
  }

  /** Won the election of currentTerm; {@code lastIndex} bounds older pending conf changes. */
  Leader becomeLeader(String self, long lastIndex) {
    Leader l = new Leader(currentTerm, self, lastIndex);
    become(l);
    return l;
  }

  /**
   * Follows the sender of a leader message of currentTerm: a (pre-)candidate steps down (§5.2), a follower
   * learns the leader and restarts its election timer. Returns false if the message must be ignored (a
   * different leader of this term was already known, which only a broken Election Safety allows).
   *
   * @throws IllegalStateException at a leader, which never obeys another leader of its own term
   */
  boolean acceptLeader(String leader) {
    if (isLeader()) {
      throw new IllegalStateException("a leader of term " + currentTerm + " was asked to follow " + leader);
    }
    if (!(role instanceof Follower)) {
      become(new Follower(currentTerm, leader));
    }
    String known = role.leaderId();
    if (!((Follower) role).learnLeader(leader)) {
      return false;
    }
    if (known == null) {
      events.add(new RaftEvent.LeaderChanged(currentTerm, leader));
    }
    electionElapsed = 0;
    return true;
  }

  private void become(Role next) {
    Role prev = role;
    role = RoleTransitions.check(role, next);
    if (next.term() > currentTerm) {
      currentTerm = next.term();
      votedFor = null;
    }
    electionElapsed = 0;
    resetRandomizedElectionTimeout();
    if (prev.kind() != next.kind()) {
      events.add(new RaftEvent.RoleChanged(currentTerm, prev.kind(), next.kind()));
    }
    if (!java.util.Objects.equals(prev.leaderId(), next.leaderId())) {
      events.add(new RaftEvent.LeaderChanged(currentTerm, next.leaderId()));
    }
  }

  private void resetRandomizedElectionTimeout() {
    randomizedElectionTimeout = config.electionTick() + config.random().nextInt(config.electionTick());
  }
}
