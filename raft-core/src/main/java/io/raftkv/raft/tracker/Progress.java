package io.raftkv.raft.tracker;

/**
 * The leader's view of one member (§5.3: matchIndex, nextIndex) plus flow control (etcd's Progress).
 *
 * <p>Invariant: {@code 0 <= matchIndex < nextIndex}.
 */
public final class Progress {

  /** Highest index known replicated (durably) on the member. Invariant: monotonic within a term. */
  private long matchIndex;
  /** Next index to send. Invariant: matchIndex < nextIndex. */
  private long nextIndex;
  private ProgressState state = ProgressState.PROBE;
  /** In PROBE: an AppendEntries is outstanding; cleared by a heartbeat response. */
  private boolean probeSent;
  /** In SNAPSHOT: index of the snapshot being streamed. */
  private long pendingSnapshot;
  /** In SNAPSHOT: the byte offset of the next chunk to send. */
  private long snapshotOffset;
  /** In SNAPSHOT: a chunk is outstanding (cleared by its ack or by a heartbeat response). */
  private boolean snapshotChunkInFlight;
  /** Heard from within the current CheckQuorum interval. */
  private boolean recentActive;
  /** Highest heartbeat round the member acknowledged (read confirmation and lease). */
  private long ackedRound;
  private boolean learner;
  private final Inflights inflights;

  public Progress(long matchIndex, long nextIndex, int maxInflight, boolean learner) {
    if (matchIndex < 0 || nextIndex <= matchIndex) {
      throw new IllegalArgumentException("need 0 <= match < next, got " + matchIndex + ", " + nextIndex);
    }
    this.matchIndex = matchIndex;
    this.nextIndex = nextIndex;
    this.inflights = new Inflights(maxInflight);
    this.learner = learner;
  }

  public long matchIndex() {
    return matchIndex;
  }

  public long nextIndex() {
    return nextIndex;
  }

  public ProgressState state() {
    return state;
  }

  public long pendingSnapshot() {
    return pendingSnapshot;
  }

  public long snapshotOffset() {
    return snapshotOffset;
  }

  public boolean recentActive() {
    return recentActive;
  }

  public void setRecentActive(boolean v) {
    recentActive = v;
  }

  public long ackedRound() {
    return ackedRound;
  }

  public void ackRound(long round) {
    ackedRound = Math.max(ackedRound, round);
  }

  public boolean isLearner() {
    return learner;
  }

  public void setLearner(boolean v) {
    learner = v;
  }

  public Inflights inflights() {
    return inflights;
  }

  private void resetState(ProgressState s) {
    probeSent = false;
    pendingSnapshot = 0;
    snapshotOffset = 0;
    snapshotChunkInFlight = false;
    state = s;
    inflights.reset();
  }

  public void becomeProbe() {
    if (state == ProgressState.SNAPSHOT) {
      long snap = pendingSnapshot;
      resetState(ProgressState.PROBE);
      nextIndex = Math.max(matchIndex + 1, snap + 1);
    } else {
      resetState(ProgressState.PROBE);
      nextIndex = matchIndex + 1;
    }
  }

  public void becomeReplicate() {
    resetState(ProgressState.REPLICATE);
    nextIndex = matchIndex + 1;
  }

  public void becomeSnapshot(long snapshotIndex) {
    resetState(ProgressState.SNAPSHOT);
    pendingSnapshot = snapshotIndex;
  }

  /** A chunk ending before {@code nextOffset} was acknowledged; the next one starts there. */
  public void snapshotAcked(long nextOffset) {
    snapshotOffset = nextOffset;
    snapshotChunkInFlight = false;
  }

  public void snapshotChunkSent() {
    snapshotChunkInFlight = true;
  }

  public boolean snapshotChunkInFlight() {
    return snapshotChunkInFlight;
  }

  /**
   * The member installed (or already had) the snapshot at {@code snapshotIndex}: it holds every entry up
   * to there, so probing resumes after it.
   */
  public void snapshotDone(long snapshotIndex) {
    maybeUpdate(snapshotIndex);
    pendingSnapshot = snapshotIndex;
    becomeProbe();
  }

  /** Restart streaming a (possibly newer) snapshot from byte 0. */
  public void restartSnapshot(long snapshotIndex) {
    pendingSnapshot = snapshotIndex;
    snapshotOffset = 0;
    snapshotChunkInFlight = false;
  }

  /** A heartbeat response arrived: a probe may be resent, a lost snapshot chunk retransmitted. */
  public void unpause() {
    probeSent = false;
    snapshotChunkInFlight = false;
  }

  /**
   * An AppendEntries ending at {@code lastIndex} with {@code entries} entries was sent: in REPLICATE
   * nextIndex moves optimistically past it; in PROBE further sends pause until an answer.
   */
  public void sentEntries(long lastIndex, int entries) {
    if (state == ProgressState.REPLICATE) {
      if (entries > 0) {
        nextIndex = lastIndex + 1;
        inflights.add(lastIndex);
      }
    } else if (state == ProgressState.PROBE) {
      probeSent = true;
    }
  }

  /** A success ack for {@code n}: returns whether matchIndex moved. */
  public boolean maybeUpdate(long n) {
    boolean updated = false;
    if (matchIndex < n) {
      matchIndex = n;
      updated = true;
      probeSent = false;
    }
    nextIndex = Math.max(nextIndex, n + 1);
    return updated;
  }

  /**
   * A rejection of the AppendEntries whose prevLogIndex was {@code rejected}; {@code probeHint} is the
   * next index suggested by the conflict hint. Returns false if the rejection is stale.
   */
  public boolean maybeDecrTo(long rejected, long probeHint) {
    if (state == ProgressState.REPLICATE) {
      if (rejected <= matchIndex) {
        return false; // stale: we already know the follower has it
      }
      nextIndex = matchIndex + 1;
      return true;
    }
    if (nextIndex - 1 != rejected) {
      return false; // stale: not the probe we are waiting for
    }
    nextIndex = Math.max(Math.min(rejected, probeHint), matchIndex + 1);
    probeSent = false;
    return true;
  }

  /** Whether the leader must hold off sending AppendEntries. */
  public boolean isPaused() {
    switch (state) {
      case PROBE:
        return probeSent;
      case REPLICATE:
        return inflights.full();
      default:
        return true;
    }
  }

  /** Leader-side reset of the match after becoming leader. */
  public void resetForNewTerm(long match, long next) {
    resetState(ProgressState.PROBE);
    matchIndex = match;
    nextIndex = Math.max(next, match + 1);
    recentActive = false;
    ackedRound = 0;
  }

  @Override
  public String toString() {
    return state + " match=" + matchIndex + " next=" + nextIndex + (learner ? " learner" : "")
        + (state == ProgressState.SNAPSHOT ? " snap=" + pendingSnapshot + "@" + snapshotOffset : "");
  }
}
