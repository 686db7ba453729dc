package io.raftkv.raft.sim;

import io.raftkv.raft.Mutation;
import io.raftkv.raft.ReadOnlyOption;

/**
 * Parameters of one simulated cluster: Raft configuration, timing (virtual milliseconds), network and disk
 * behaviour, and the state machine's snapshot policy. Mutable and fluent; {@link SimCluster} reads it once.
 */
public final class SimOptions {

  int nodes = 3;
  int electionTick = 10;
  int heartbeatTick = 2;
  long tickMs = 10;
  boolean preVote = true;
  boolean checkQuorum = true;
  ReadOnlyOption readOnlyOption = ReadOnlyOption.SAFE;
  int leaseTicks = 8;
  /** A broken safety rule every node runs with, or null. */
  Mutation mutation;
  int maxInflightMsgs = 16;
  long maxSizePerMsg = 4096;
  int maxSnapshotChunkBytes = 64;
  long maxUnappliedBytes;
  /** Readies a node may have on disk at once (asynchronous storage writes); 1: one at a time. */
  int maxInflightReadies = 1;
  long netMinDelayMs = 1;
  long netMaxDelayMs = 6;
  double dropRate;
  double duplicateRate;
  double longDelayRate;
  long longDelayMaxMs = 150;
  long diskMinMs = 1;
  long diskMaxMs = 5;
  int snapshotEvery;
  int snapshotMargin = 3;
  int traceSize = 60;
  String replayCommand = "(no replay command given)";
  boolean checkCommitRule = true;
  /**
   * A broken driver for the checker-bites test: a Ready's messagesAfterPersist leave as soon as its own
   * write finished, even while an earlier Ready's write has not (acknowledgements out of order).
   */
  boolean brokenAckOrder;

  public static SimOptions nodes(int n) {
    SimOptions o = new SimOptions();
    o.nodes = n;
    return o;
  }

  public SimOptions electionTick(int v) { electionTick = v; return this; }
  public SimOptions heartbeatTick(int v) { heartbeatTick = v; return this; }
  public SimOptions preVote(boolean v) { preVote = v; return this; }
  public SimOptions checkQuorum(boolean v) { checkQuorum = v; return this; }
  public SimOptions readOnlyOption(ReadOnlyOption v) { readOnlyOption = v; return this; }
  public SimOptions leaseTicks(int v) { leaseTicks = v; return this; }
  public SimOptions mutation(Mutation v) { mutation = v; return this; }
  public SimOptions maxInflightMsgs(int v) { maxInflightMsgs = v; return this; }
  public SimOptions maxSizePerMsg(long v) { maxSizePerMsg = v; return this; }
  public SimOptions maxSnapshotChunkBytes(int v) { maxSnapshotChunkBytes = v; return this; }
  public SimOptions maxUnappliedBytes(long v) { maxUnappliedBytes = v; return this; }
  public SimOptions maxInflightReadies(int v) { maxInflightReadies = v; return this; }
  public SimOptions netDelayMs(long min, long max) { netMinDelayMs = min; netMaxDelayMs = max; return this; }
  public SimOptions dropRate(double v) { dropRate = v; return this; }
  public SimOptions duplicateRate(double v) { duplicateRate = v; return this; }
  public SimOptions longDelay(double rate, long maxMs) { longDelayRate = rate; longDelayMaxMs = maxMs; return this; }
  public SimOptions diskMs(long min, long max) { diskMinMs = min; diskMaxMs = max; return this; }
  public SimOptions snapshotEvery(int v) { snapshotEvery = v; return this; }
  public SimOptions snapshotMargin(int v) { snapshotMargin = v; return this; }
  public SimOptions replayCommand(String v) { replayCommand = v; return this; }
  /** Off: leave Figure 8 bugs to the end-to-end checks (State Machine Safety, Leader Completeness). */
  public SimOptions checkCommitRule(boolean v) { checkCommitRule = v; return this; }
  public SimOptions brokenAckOrder(boolean v) { brokenAckOrder = v; return this; }

  /** MIT 6.5840's unreliable network: 10% loss, occasional long delays that reorder, some duplicates. */
  public SimOptions unreliable() {
    dropRate = 0.1;
    duplicateRate = 0.02;
    longDelayRate = 0.1;
    return this;
  }

  public int nodes() {
    return nodes;
  }

  /** One election timeout's lower bound in virtual milliseconds. */
  public long electionTimeoutMs() {
    return electionTick * tickMs;
  }
}
