package io.raftkv.server;

import java.time.Duration;

/**
 * Runtime parameters of a node beyond the Raft core's {@link io.raftkv.raft.Config}.
 *
 * @param tick the wall-clock length of one Raft tick
 * @param electionTimeout the minimum election timeout T (the core draws from [T, 2T))
 * @param heartbeatInterval the leader's heartbeat period H
 * @param snapshotEntries take a snapshot once this many entries were applied since the last one
 * @param snapshotBytes ... or once this much entry payload was applied since the last one, so a log of
 *     large entries stays bounded on disk and in replay time after a restart
 * @param retainEntries entries kept in the log behind a snapshot, so slightly slow followers catch up from
 *     the log instead of a snapshot
 * @param maxPendingProposals proposals accepted but not yet applied or failed; beyond it the node
 *     refuses new work (HTTP 429) instead of growing memory
 * @param preVote run PreVote (thesis §9.6)
 * @param checkQuorum leader steps down without a quorum (thesis §6.2)
 * @param leaseReads serve linearizable reads by leader lease instead of a heartbeat round
 */
public record NodeOptions(
    Duration tick,
    Duration electionTimeout,
    Duration heartbeatInterval,
    long snapshotEntries,
    long snapshotBytes,
    long retainEntries,
    int maxPendingProposals,
    boolean preVote,
    boolean checkQuorum,
    boolean leaseReads) {

  public static NodeOptions defaults() {
    return new NodeOptions(Duration.ofMillis(10), Duration.ofMillis(200), Duration.ofMillis(50),
        50_000, 64L << 20, 5_000, 20_000, true, true, false);
  }

  public int electionTick() {
    return (int) Math.max(2, electionTimeout.toMillis() / tick.toMillis());
  }

  public int heartbeatTick() {
    return (int) Math.max(1, heartbeatInterval.toMillis() / tick.toMillis());
  }

  public NodeOptions withTimeouts(Duration election, Duration heartbeat) {
    return new NodeOptions(tick, election, heartbeat, snapshotEntries, snapshotBytes, retainEntries,
        maxPendingProposals,
        preVote, checkQuorum, leaseReads);
  }

  public NodeOptions withSnapshotEntries(long every, long retain) {
    return new NodeOptions(tick, electionTimeout, heartbeatInterval, every, snapshotBytes, retain,
        maxPendingProposals,
        preVote, checkQuorum, leaseReads);
  }

  public NodeOptions withLeaseReads(boolean lease) {
    return new NodeOptions(tick, electionTimeout, heartbeatInterval, snapshotEntries, snapshotBytes,
        retainEntries, maxPendingProposals, preVote, checkQuorum, lease);
  }

  public NodeOptions withSnapshotBytes(long bytes) {
    return new NodeOptions(tick, electionTimeout, heartbeatInterval, snapshotEntries, bytes, retainEntries,
        maxPendingProposals, preVote, checkQuorum, leaseReads);
  }
}
