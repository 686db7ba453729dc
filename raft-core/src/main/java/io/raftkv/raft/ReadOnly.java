package io.raftkv.raft;

import java.util.ArrayDeque;

/**
 * The leader's linearizable-read bookkeeping (thesis §6.4).
 *
 * <p>Every heartbeat broadcast is a numbered "round" carried in {@code Heartbeat.readContext}. A read
 * registered while round {@code r} is the latest one waits for round {@code r + 1}: once a quorum
 * acknowledged a round at least that new, the leader was still leader after the read arrived, so its
 * commitIndex at arrival is a safe read index. All reads pending before a round are confirmed by it
 * (batching). Reads that arrive before an entry of the leader's term committed wait in
 * {@link #awaitingCommit} (§6.4 step 1: the leader's commitIndex may lag until then).
 *
 * <p>Lease (thesis §6.4.1): the send tick of each of the last {@value #RING} rounds is remembered; if a
 * quorum acknowledged a round sent less than leaseTicks ago, no follower can have voted for another
 * leader yet (they ignore RequestVote for an election timeout after hearing from the leader, §4.2.3),
 * assuming clocks drift by less than {@code electionTick - leaseTicks} ticks per election timeout.
 *
 * <p>Invariant: {@code pending} is ordered by round; {@code latestRound} only grows.
 */
final class ReadOnly {

  static final int RING = 64;

  /** A read waiting for confirmation; {@code from} is null for a local read. */
  record PendingRead(String from, long requestId, long index, long round) {}

  private final ArrayDeque<PendingRead> pending = new ArrayDeque<>();
  private final ArrayDeque<PendingRead> awaitingCommit = new ArrayDeque<>();
  private final long[] roundTicks = new long[RING];
  /** Latest heartbeat round broadcast. Never reset (rounds of an old term are ignored by term checks). */
  private long latestRound;
  private boolean leaseRevoked;

  void resetForTerm() {
    pending.clear();
    awaitingCommit.clear();
    leaseRevoked = false;
  }

  long latestRound() {
    return latestRound;
  }

  /** Starts a new round at tick {@code now}; returns its number. */
  long newRound(long now) {
    latestRound++;
    roundTicks[(int) (latestRound % RING)] = now;
    return latestRound;
  }

  void awaitCommit(String from, long requestId) {
    awaitingCommit.add(new PendingRead(from, requestId, 0, 0));
  }

  ArrayDeque<PendingRead> drainAwaitingCommit() {
    ArrayDeque<PendingRead> out = new ArrayDeque<>(awaitingCommit);
    awaitingCommit.clear();
    return out;
  }

  /** Registers a read at {@code index}, to be confirmed by the next round. */
  void add(String from, long requestId, long index) {
    pending.add(new PendingRead(from, requestId, index, latestRound + 1));
  }

  boolean hasPending() {
    return !pending.isEmpty();
  }

  /** Whether a read needs a round that was not broadcast yet. */
  boolean needsRound() {
    PendingRead last = pending.peekLast();
    return last != null && last.round() > latestRound;
  }

  /** Removes and returns the reads confirmed by a quorum acknowledging {@code confirmedRound}. */
  PendingRead pollConfirmed(long confirmedRound) {
    PendingRead first = pending.peekFirst();
    if (first != null && first.round() <= confirmedRound) {
      return pending.pollFirst();
    }
    return null;
  }

  /** No more lease reads this term: a TimeoutNow lets a follower ignore the lease (thesis §3.10). */
  void revokeLease() {
    leaseRevoked = true;
  }

  /** Whether the lease holds at tick {@code now} given the round a quorum acknowledged. */
  boolean leaseValid(long quorumRound, long now, int leaseTicks) {
    if (leaseRevoked || quorumRound <= 0 || latestRound - quorumRound >= RING) {
      return false;
    }
    return now - roundTicks[(int) (quorumRound % RING)] < leaseTicks;
  }
}
