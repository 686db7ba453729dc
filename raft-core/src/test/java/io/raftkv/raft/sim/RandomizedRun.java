package io.raftkv.raft.sim;

import io.raftkv.raft.Mutation;
import io.raftkv.raft.ReadOnlyOption;
import io.raftkv.raft.proto.ConfState;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.TreeSet;

/**
 * One seeded randomized simulation: a cluster whose shape and settings are drawn from the seed, a fault
 * phase (crashes, partitions, loss, transfers, membership changes, client load), then healing and the
 * liveness check.
 *
 * <p>Liveness bound: once every node is restarted, every partition healed and the network is reliable, a
 * leader must be elected and a new command proposed to it must be acknowledged within
 * {@link #LIVENESS_ELECTION_TIMEOUTS} election timeouts (the lower bound T, in virtual time), and every
 * member must then apply it within as many again. Randomized timeouts make a split vote repeat with
 * probability at most 1/2 per round, so 30 rounds leave a failure chance far below one in 2^20 per seed.
 */
public final class RandomizedRun {

  public static final int LIVENESS_ELECTION_TIMEOUTS = 30;

  /** What one run did. */
  public record Result(long seed, int nodes, long events, long acknowledged, long readsServed,
      long messages, long snapshotMessages, long confChanges, long faults, long livenessMs,
      long sentDuringPersist, long appliedBeforePersist, long pipelinedReadies) {}

  private RandomizedRun() {}

  /** The cluster settings drawn from {@code seed}, every node breaking {@code mutation} (null: none). */
  static SimOptions options(long seed, Mutation mutation, String replay) {
    SplittableRandom p = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + 7);
    int dice = p.nextInt(100);
    int nodes = dice < 3 ? 1 : dice < 50 ? 3 : dice < 95 ? 5 : 7;
    SimOptions o = SimOptions.nodes(nodes)
        .preVote(p.nextInt(10) < 7)
        .checkQuorum(p.nextInt(10) < 7)
        .netDelayMs(1, 2 + p.nextInt(9))
        .dropRate(p.nextInt(3) == 0 ? 0 : p.nextDouble() * 0.05)
        .duplicateRate(p.nextInt(2) == 0 ? 0 : p.nextDouble() * 0.03)
        .longDelay(p.nextInt(2) == 0 ? 0 : p.nextDouble() * 0.05, 150)
        .diskMs(1, 2 + p.nextInt(9))
        .maxInflightMsgs(1 + p.nextInt(16))
        // 1 byte means one entry per AppendEntries: entries of different terms travel separately (Figure 8).
        .maxSizePerMsg(p.nextInt(3) == 0 ? 1 : p.nextBoolean() ? 256 : 4096)
        .snapshotEvery(p.nextBoolean() ? 0 : 5 + p.nextInt(25))
        .maxSnapshotChunkBytes(16 + p.nextInt(112))
        .mutation(mutation)
        .replayCommand(replay);
    if (o.checkQuorum && p.nextInt(5) == 0) {
      o.readOnlyOption(ReadOnlyOption.LEASE_BASED);
    }
    // Half the runs cap the apply backlog at a few commands, so committed entries trickle out over many
    // Readys and wait for appliedTo (drawn last: the draws above, and so older seeds' shapes, are unchanged).
    o.maxUnappliedBytes(p.nextBoolean() ? 0 : 1 + p.nextInt(300));
    // Three runs in four pipeline up to 4 Readies per node, written in order with acknowledgements later
    // (asynchronous storage writes); the rest keep one at a time.
    o.maxInflightReadies(p.nextInt(4) == 0 ? 1 : 2 + p.nextInt(3));
    return o;
  }

  /** Runs seed {@code seed} (with {@code mutation}, or null); throws {@link SimulationFailure} if a check fails. */
  public static Result run(long seed, Mutation mutation, String replay, long faultPhaseMs) {
    return run(options(seed, mutation, replay), seed, faultPhaseMs);
  }

  /** Runs seed {@code seed} with explicit options (e.g. a check switched off). */
  public static Result run(SimOptions options, long seed, long faultPhaseMs) {
    SimCluster cluster = SimCluster.start(options, seed);
    int profile = new SplittableRandom(seed + 11).nextInt(8);
    boolean membership = options.nodes >= 3 && profile < 2;
    boolean figure8 = options.nodes >= 3 && profile == 7;
    FaultInjector faults = new FaultInjector(cluster, cluster.random.split(), membership, figure8);
    faults.start();
    cluster.runFor(faultPhaseMs);
    faults.stop();
    long livenessMs = healAndCheckLiveness(cluster, faults);
    return new Result(seed, options.nodes, cluster.eventsExecuted(), cluster.acknowledged(),
        cluster.readsServed(), cluster.network.messagesSent(), cluster.network.messagesSent("InstallSnapshot"),
        cluster.checker.confChangesApplied(), faults.faults, livenessMs, cluster.sentDuringPersist(),
        cluster.appliedBeforePersist(), cluster.pipelinedReadies());
  }

  /**
   * Heals everything, then asserts the liveness bound: a leader commits a new command, and every member
   * applies every acknowledged write.
   */
  static long healAndCheckLiveness(SimCluster cluster, FaultInjector faults) {
    cluster.heal();
    cluster.network.dropRate = 0;
    cluster.network.duplicateRate = 0;
    cluster.network.longDelayRate = 0;
    for (SimNode n : new ArrayList<>(cluster.nodes())) {
      cluster.restart(n.id);
    }
    long healedAt = cluster.now();
    long bound = LIVENESS_ELECTION_TIMEOUTS * cluster.options.electionTimeoutMs();
    long[] command = {-1};
    // The term the command was proposed in: a later term may have truncated it from the leader's log
    // while the proposer still counts it as pending (it led again), so it is proposed anew then.
    long[] proposedIn = {-1};
    long deadline = healedAt + bound;
    while (command[0] < 0 || cluster.ackIndex(command[0]) == null) {
      if (cluster.now() >= deadline) {
        throw cluster.failure("Liveness", "no command committed within " + bound + " ms (" + LIVENESS_ELECTION_TIMEOUTS
            + " election timeouts) after healing; leader=" + cluster.leader(), null);
      }
      String leader = cluster.leader();
      long leaderTerm = leader == null ? -1 : cluster.node(leader).status().currentTerm();
      if (leader != null && (command[0] < 0 || !cluster.node(leader).hasPendingProposal(command[0])
          || leaderTerm != proposedIn[0])) {
        command[0] = cluster.propose(leader, 0, 0);
        proposedIn[0] = leaderTerm;
      }
      long c = command[0];
      cluster.runUntil(() -> c >= 0 && cluster.ackIndex(c) != null, Math.min(cluster.options.tickMs * 5, deadline - cluster.now()));
    }
    long livenessMs = cluster.now() - healedAt;
    faults.retireRemovedMembers();
    long index = cluster.ackIndex(command[0]);
    // Forwarded proposals still in flight may be acknowledged after the liveness command, at higher indexes;
    // a membership change still in flight may remove a member meanwhile, so membership is re-read each time.
    cluster.await("every member applies index " + index + " and every acknowledged write " + members(cluster), () -> {
      long target = Math.max(index, cluster.checker.maxAcked());
      for (String id : members(cluster)) {
        if (cluster.node(id).lastApplied() < target) {
          return false;
        }
      }
      return true;
    }, bound);
    cluster.assertAcknowledgedWritesApplied(members(cluster));
    return livenessMs;
  }

  private static List<String> members(SimCluster cluster) {
    ConfState conf = cluster.confState();
    TreeSet<String> ids = new TreeSet<>(conf.voters());
    ids.addAll(conf.learners());
    ids.addAll(conf.votersOutgoing());
    List<String> up = new ArrayList<>();
    for (String id : ids) {
      if (cluster.node(id).up()) {
        up.add(id);
      }
    }
    return up;
  }
}
