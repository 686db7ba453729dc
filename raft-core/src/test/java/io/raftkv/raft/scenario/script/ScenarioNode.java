package io.raftkv.raft.scenario.script;

import io.raftkv.raft.Config;
import io.raftkv.raft.RaftNode;
import io.raftkv.raft.Status;
import io.raftkv.raft.log.MemoryStorage;
import io.raftkv.raft.Ready;
import java.util.ArrayDeque;
import java.util.Random;
import java.util.function.IntFunction;

/**
 * One node of a scenario: its {@link RaftNode}, the {@link MemoryStorage} that holds exactly what its
 * processed Readies persisted, and how to build its Config for each incarnation. A restart keeps the
 * storage and builds a new RaftNode over it (a crash after the last process-ready loses nothing, since
 * process-ready persists synchronously; Readies taken with take-ready and not yet persisted are lost).
 *
 * <p>Determinism: incarnation {@code k} of node {@code id} draws its election timeouts from
 * {@code new Random(seed * 31 + id.hashCode() + k)}; java.util.Random's sequence is fixed by its spec.
 */
final class ScenarioNode {

  final String id;
  final MemoryStorage storage;
  /** The configured heartbeat and election intervals, in ticks (for tick-heartbeat / tick-election). */
  final int heartbeatTick;
  final int electionTick;
  private final IntFunction<Config.Builder> configFor;
  private RaftNode raft;
  /** Readies taken by take-ready and not yet persisted, oldest first (this incarnation's). */
  final ArrayDeque<Ready> inFlight = new ArrayDeque<>();
  private int incarnation;
  /** What the last input left, to print role, term and leader changes. */
  private String observed;

  ScenarioNode(String id, MemoryStorage storage, long seed, java.util.function.Function<Random, Config.Builder> builder) {
    this.id = id;
    this.storage = storage;
    this.configFor = k -> builder.apply(new Random(seed * 31 + id.hashCode() + k));
    Config probe = configFor.apply(0).build();
    this.heartbeatTick = probe.heartbeatTick();
    this.electionTick = probe.electionTick();
    start();
  }

  private void start() {
    raft = RaftNode.create(configFor.apply(incarnation).build(), storage);
    observed = describe(raft.status());
  }

  void restart() {
    incarnation++;
    inFlight.clear();
    start();
  }

  RaftNode raft() {
    return raft;
  }

  /** The node's role, term and leader if they changed since the last call, else {@code null}. */
  String transition() {
    String now = describe(raft.status());
    if (now.equals(observed)) {
      return null;
    }
    observed = now;
    return now;
  }

  private String describe(Status s) {
    return "INFO " + id + " is " + s.role() + " at term " + s.currentTerm() + ", lead "
        + (s.leaderId() == null ? "none" : s.leaderId());
  }
}
