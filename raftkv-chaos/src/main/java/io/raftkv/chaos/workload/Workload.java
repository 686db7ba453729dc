package io.raftkv.chaos.workload;

import io.raftkv.chaos.check.WatchCheckResult;
import io.raftkv.chaos.cluster.LabCluster;
import io.raftkv.chaos.history.History;
import io.raftkv.chaos.history.HistoryRecorder;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

/**
 * A client workload: what each client does per step, how it records operations, and what must
 * hold once the cluster is healed.
 *
 * <p>Contract: {@link #step} records every request that may change or observe state as exactly one
 * operation of {@code process} and returns that operation's outcome class, so the runner can give
 * the client a fresh process id after an UNKNOWN (a process has one operation in flight at a time,
 * and an UNKNOWN one stays in flight forever).
 */
public interface Workload {

  /** Name for reports: register, set, bank, watch. */
  String name();

  /** Runs once before the clients start (e.g. the bank's opening balances). Returns false if it failed. */
  boolean setup(KvHttp kv, HistoryRecorder recorder, int process, RandomGenerator random);

  /** One client operation (or a short read-then-write pair). Returns true if the last operation was UNKNOWN. */
  boolean step(KvHttp kv, HistoryRecorder recorder, int process, RandomGenerator random);

  /**
   * After heal: the state this workload wrote, as {@code node}'s own state machine has applied it
   * (serializable reads), in a canonical form that must be equal on every node. Throws if the node
   * cannot be read.
   */
  String appliedState(LabCluster cluster, KvHttp kv, String node);

  /**
   * After heal and convergence: acknowledged writes missing from {@code appliedState} of a node.
   * Returns human-readable findings, empty when nothing was lost.
   */
  List<String> lostWrites(History history, String appliedState);

  /** Appends linearizable reads after heal so the checker also judges the final state. */
  void finalReads(KvHttp kv, HistoryRecorder recorder, int process, RandomGenerator random);

  /** Starts the workload's watchers, if it has any, before the clients start. */
  default void startWatchers(LabCluster cluster, SplittableRandom random) {}

  /**
   * After heal, the final reads and convergence: judges the watchers against the committed history
   * read from {@code members}, stopping them, and leaves the evidence in {@code workDir}.
   */
  default WatchCheckResult checkWatchers(LabCluster cluster, KvHttp kv, History history, List<String> members,
      Path workDir) throws InterruptedException {
    return WatchCheckResult.notRun();
  }

  /** Stops any watcher still running (idempotent); called whatever happened. */
  default void stopWatchers() throws InterruptedException {}
}
