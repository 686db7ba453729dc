package io.raftkv.raft;

import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * Parameters of one Raft node. Time is measured in ticks: the caller calls {@link RaftNode#tick()} at a
 * fixed interval (e.g. every 10 ms), so the core never reads a clock.
 *
 * @param id this node's id (non-empty)
 * @param electionTick T: followers wait a random timeout in [T, 2T) ticks, re-drawn at each reset
 * @param heartbeatTick H: the leader sends heartbeats every H ticks (T must exceed H several times)
 * @param applied the index already applied by the state machine when the node restarts (0 if unknown)
 * @param maxSizePerMsg soft cap on the payload bytes of one AppendEntries
 * @param maxInflightMsgs bounded window of unacknowledged AppendEntries per follower (pipelining)
 * @param maxUncommittedEntriesBytes cap on proposed but uncommitted payload at the leader (0 = no cap)
 * @param maxSnapshotChunkBytes size of one InstallSnapshot chunk
 * @param maxUnappliedBytes cap on committed payload handed out in Readys but not yet reported applied with
 *     {@link RaftNode#appliedTo(long)} (0 = no cap: entries count as applied at {@code advance}). A caller
 *     that applies on another thread sets it so its apply backlog stays bounded, e.g. while a restarted
 *     node replays a long log.
 * @param maxInflightReadies how many Readies may be handed out and not yet advanced at once
 *     (asynchronous storage writes, etcd's AsyncStorageWrites): 1 keeps the classic one-Ready-at-a-time
 *     rhythm; more lets a caller that persists on another thread take the next batch while earlier ones are
 *     still being written. Bounds the memory the caller's write pipeline holds
 * @param checkQuorum a leader steps down if it did not hear from a quorum within an election timeout
 * @param preVote run a pre-vote round before bumping the term (thesis §9.6)
 * @param readOnlyOption how ReadIndex confirms leadership
 * @param leaseTicks length of the leader lease for {@link ReadOnlyOption#LEASE_BASED}; must be below
 *     electionTick, the difference being the clock drift tolerated
 * @param random the only source of randomness (election timeouts); seeded in tests
 * @param safetyRules the vote and commit rules; always {@link SafetyRules#RAFT} unless code of this
 *     package (the simulator's mutation tests) sets another through the builder
 */
public record Config(
    String id,
    int electionTick,
    int heartbeatTick,
    long applied,
    long maxSizePerMsg,
    int maxInflightMsgs,
    long maxUncommittedEntriesBytes,
    int maxSnapshotChunkBytes,
    long maxUnappliedBytes,
    int maxInflightReadies,
    boolean checkQuorum,
    boolean preVote,
    ReadOnlyOption readOnlyOption,
    int leaseTicks,
    RandomGenerator random,
    SafetyRules safetyRules) {

  public Config {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(readOnlyOption, "readOnlyOption");
    Objects.requireNonNull(random, "random");
    Objects.requireNonNull(safetyRules, "safetyRules");
    if (id.isEmpty()) {
      throw new IllegalArgumentException("id must not be empty");
    }
    if (heartbeatTick <= 0) {
      throw new IllegalArgumentException("heartbeatTick must be > 0");
    }
    if (electionTick <= heartbeatTick) {
      throw new IllegalArgumentException("electionTick must be > heartbeatTick");
    }
    if (maxInflightMsgs <= 0) {
      throw new IllegalArgumentException("maxInflightMsgs must be > 0");
    }
    if (maxSnapshotChunkBytes <= 0) {
      throw new IllegalArgumentException("maxSnapshotChunkBytes must be > 0");
    }
    if (maxUnappliedBytes < 0) {
      throw new IllegalArgumentException("maxUnappliedBytes must be >= 0");
    }
    if (maxInflightReadies <= 0) {
      throw new IllegalArgumentException("maxInflightReadies must be > 0");
    }
    if (readOnlyOption == ReadOnlyOption.LEASE_BASED && (!checkQuorum || leaseTicks <= 0 || leaseTicks >= electionTick)) {
      throw new IllegalArgumentException("lease reads need checkQuorum and 0 < leaseTicks < electionTick");
    }
  }

  /** Defaults for a node that ticks every 10 ms: 1 s election timeout, 100 ms heartbeats. */
  public static Builder builder(String id, RandomGenerator random) {
    return new Builder(id, random);
  }

  /** Builder with production defaults. */
  public static final class Builder {
    private final String id;
    private final RandomGenerator random;
    private int electionTick = 100;
    private int heartbeatTick = 10;
    private long applied;
    private long maxSizePerMsg = 1 << 20;
    private int maxInflightMsgs = 256;
    private long maxUncommittedEntriesBytes = 64L << 20;
    private int maxSnapshotChunkBytes = 1 << 20;
    private long maxUnappliedBytes;
    private int maxInflightReadies = 1;
    private boolean checkQuorum = true;
    private boolean preVote = true;
    private ReadOnlyOption readOnlyOption = ReadOnlyOption.SAFE;
    private int leaseTicks = 80;
    private SafetyRules safetyRules = SafetyRules.RAFT;

    private Builder(String id, RandomGenerator random) {
      this.id = id;
      this.random = random;
    }

    public Builder electionTick(int v) { electionTick = v; return this; }
    public Builder heartbeatTick(int v) { heartbeatTick = v; return this; }
    public Builder applied(long v) { applied = v; return this; }
    public Builder maxSizePerMsg(long v) { maxSizePerMsg = v; return this; }
    public Builder maxInflightMsgs(int v) { maxInflightMsgs = v; return this; }
    public Builder maxUncommittedEntriesBytes(long v) { maxUncommittedEntriesBytes = v; return this; }
    public Builder maxSnapshotChunkBytes(int v) { maxSnapshotChunkBytes = v; return this; }
    public Builder maxUnappliedBytes(long v) { maxUnappliedBytes = v; return this; }
    public Builder maxInflightReadies(int v) { maxInflightReadies = v; return this; }
    public Builder checkQuorum(boolean v) { checkQuorum = v; return this; }
    public Builder preVote(boolean v) { preVote = v; return this; }
    public Builder readOnlyOption(ReadOnlyOption v) { readOnlyOption = v; return this; }
    public Builder leaseTicks(int v) { leaseTicks = v; return this; }
    Builder safetyRules(SafetyRules v) { safetyRules = v; return this; }

    public Config build() {
      return new Config(id, electionTick, heartbeatTick, applied, maxSizePerMsg, maxInflightMsgs,
          maxUncommittedEntriesBytes, maxSnapshotChunkBytes, maxUnappliedBytes, maxInflightReadies, checkQuorum,
          preVote, readOnlyOption, leaseTicks, random, safetyRules);
    }
  }
}
