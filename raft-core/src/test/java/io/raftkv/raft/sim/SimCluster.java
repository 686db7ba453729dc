package io.raftkv.raft.sim;

import io.raftkv.raft.Config;
import io.raftkv.raft.RaftNode;
import io.raftkv.raft.StateRole;
import io.raftkv.raft.Status;
import io.raftkv.raft.proto.ConfState;
import io.raftkv.raft.proto.Message;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * A seeded, deterministic simulated Raft cluster: nodes ({@link SimNode}), a virtual clock and event agenda
 * ({@link EventQueue}), a faulty network ({@link Network}) and the {@link SafetyChecker} that runs after
 * every event. Tests drive it through this class (crash, partition, propose, run until a condition).
 *
 * <p>Any broken invariant, or any exception thrown by the core, surfaces as a {@link SimulationFailure}
 * carrying the seed, the last events and the replay command. Everything random comes from one
 * {@link SplittableRandom} seeded by {@code seed}, and iteration is over sorted collections only, so a
 * seed replays exactly.
 */
public final class SimCluster {

  final SimOptions options;
  final long seed;
  final SafetyChecker checker;
  final EventQueue events = new EventQueue();
  final SplittableRandom random;
  final Network network;
  private final Trace trace;
  private final TreeMap<String, SimNode> nodes = new TreeMap<>();
  private final Map<Long, Long> ackIndex = new HashMap<>();
  private final Map<Long, Long> appliedIndex = new HashMap<>();
  private long nextCommandId = 1;
  private long nextReadId = 1;
  private long acks;
  private long readsServed;
  /** Messages sent and entries applied while the sending/applying node's Ready was still on its disk. */
  private long sentDuringPersist;
  private long pipelinedReadies;
  private long appliedBeforePersist;

  private SimCluster(SimOptions options, long seed) {
    this.options = options;
    this.seed = seed;
    this.checker = new SafetyChecker(options.checkCommitRule);
    this.random = new SplittableRandom(seed);
    this.network = new Network(options, random.split());
    this.trace = new Trace(options.traceSize);
  }

  /** A cluster of {@code options.nodes()} voters n1..nN, bootstrapped and started. */
  public static SimCluster start(SimOptions options, long seed) {
    SimCluster c = new SimCluster(options, seed);
    Set<String> voters = new TreeSet<>();
    for (int i = 1; i <= options.nodes; i++) {
      voters.add("n" + i);
    }
    c.guard(() -> {
      for (String id : voters) {
        SimNode n = new SimNode(id, c);
        c.nodes.put(id, n);
        n.storage.bootstrap(ConfState.ofVoters(voters));
        n.storage.sync();
      }
      for (SimNode n : c.nodes.values()) {
        c.boot(n);
      }
    });
    return c;
  }

  // ---- time ----

  public long now() {
    return events.now();
  }

  public long eventsExecuted() {
    return events.executed();
  }

  /** Runs the simulation for {@code ms} virtual milliseconds. */
  public void runFor(long ms) {
    long until = now() + ms;
    while (step(until)) {
      // keep going
    }
  }

  /** Runs until {@code done} holds (checked after every event) or {@code maxMs} pass; returns done. */
  public boolean runUntil(BooleanSupplier done, long maxMs) {
    long until = now() + maxMs;
    while (!done.getAsBoolean()) {
      if (!step(until)) {
        return done.getAsBoolean();
      }
    }
    return true;
  }

  /** Like {@link #runUntil} but fails the test (with trace and seed) if {@code done} never holds. */
  public void await(String what, BooleanSupplier done, long maxMs) {
    if (!runUntil(done, maxMs)) {
      throw failure("Liveness", "not within " + maxMs + " ms: " + what, null);
    }
  }

  private boolean step(long limit) {
    try {
      return events.runNext(limit);
    } catch (SafetyViolation v) {
      throw failure(v.invariant(), v.getMessage(), v);
    } catch (SimulationFailure f) {
      throw f;
    } catch (RuntimeException e) {
      throw failure("Core Exception", e.toString(), e);
    }
  }

  void guard(Runnable r) {
    try {
      r.run();
    } catch (SafetyViolation v) {
      throw failure(v.invariant(), v.getMessage(), v);
    } catch (SimulationFailure f) {
      throw f;
    } catch (RuntimeException e) {
      throw failure("Core Exception", e.toString(), e);
    }
  }

  /** A failure report for this run (also used by tests for their own assertions). */
  public SimulationFailure failure(String invariant, String detail, Throwable cause) {
    return new SimulationFailure(invariant, seed, now(), detail, trace.format() + "nodes:\n" + describeNodes(),
        options.replayCommand, cause);
  }

  /** One line per node: role, term, indexes and membership, for failure reports. */
  public String describeNodes() {
    return NodeReport.describe(nodes.values());
  }

  /** Runs {@code action} (a test's own client or fault) after {@code delayMs} of virtual time. */
  public void schedule(long delayMs, Runnable action) {
    events.after(delayMs, action);
  }

  // ---- nodes ----

  public SimNode node(String id) {
    SimNode n = nodes.get(id);
    if (n == null) {
      throw new IllegalArgumentException("no node " + id);
    }
    return n;
  }

  public Collection<SimNode> nodes() {
    return nodes.values();
  }

  public List<String> ids() {
    return new ArrayList<>(nodes.keySet());
  }

  public Status status(String id) {
    return node(id).status();
  }

  /** The live node that believes it leads the highest term, or {@code null}. */
  public String leader() {
    String best = null;
    long bestTerm = -1;
    for (SimNode n : nodes.values()) {
      Status s = n.status();
      if (s != null && s.role() == StateRole.LEADER && s.currentTerm() > bestTerm) {
        best = n.id;
        bestTerm = s.currentTerm();
      }
    }
    return best;
  }

  /** Every live node's view of who leads, for tests that require agreement. */
  public long leaderCount() {
    return nodes.values().stream().filter(n -> n.status() != null && n.status().role() == StateRole.LEADER).count();
  }

  /** The highest term any live node is in. */
  public long maxTerm() {
    return nodes.values().stream().filter(SimNode::up).mapToLong(n -> n.status().currentTerm()).max().orElse(0);
  }

  /** The membership the current leader applies (or the first live node's if there is no leader). */
  public ConfState confState() {
    String l = leader();
    if (l != null) {
      return status(l).confState();
    }
    return nodes.values().stream().filter(SimNode::up).findFirst().map(n -> n.status().confState())
        .orElse(ConfState.EMPTY);
  }

  public void crash(String id) {
    SimNode n = node(id);
    if (n.up()) {
      trace(id, "CRASH", n.hasOutstandingReady() ? "loses its unpersisted Ready" : "nothing unpersisted");
      n.crash();
    }
  }

  public void restart(String id) {
    SimNode n = node(id);
    if (!n.up() && !n.retired()) {
      trace(id, "RESTART", "durable " + n.storage.initialState().hardState() + " last " + n.storage.lastIndex());
      guard(() -> boot(n));
    }
  }

  /** Stops a node for good (after it was removed from the cluster). */
  public void retire(String id) {
    trace(id, "RETIRE", null);
    node(id).retire();
  }

  /** Adds and starts a node with empty storage and no membership: it waits for a leader to contact it. */
  public SimNode addNode(String id) {
    if (nodes.containsKey(id)) {
      throw new IllegalArgumentException("node " + id + " exists");
    }
    SimNode n = new SimNode(id, this);
    nodes.put(id, n);
    trace(id, "JOIN", "empty storage");
    guard(() -> boot(n));
    return n;
  }

  private void boot(SimNode n) {
    Config.Builder builder = Config.builder(n.id, random.split())
        .electionTick(options.electionTick)
        .heartbeatTick(options.heartbeatTick)
        .applied(n.storage.snapshotMetadata().index())
        .maxSizePerMsg(options.maxSizePerMsg)
        .maxInflightMsgs(options.maxInflightMsgs)
        .maxSnapshotChunkBytes(options.maxSnapshotChunkBytes)
        .maxUnappliedBytes(options.maxUnappliedBytes)
        .maxInflightReadies(options.maxInflightReadies)
        .checkQuorum(options.checkQuorum)
        .preVote(options.preVote)
        .readOnlyOption(options.readOnlyOption)
        .leaseTicks(options.leaseTicks);
    if (options.mutation != null) {
      options.mutation.applyTo(builder);
    }
    n.start(builder.build());
    int inc = n.incarnation();
    // Nodes tick at the same rate (equal clocks) but with different phases.
    events.after(random.nextLong(options.tickMs) + 1, () -> tickLoop(n, inc));
  }

  private void tickLoop(SimNode n, int inc) {
    if (n.incarnation() != inc || !n.up()) {
      return;
    }
    n.tick();
    events.after(options.tickMs, () -> tickLoop(n, inc));
  }

  // ---- network and disk ----

  void send(Message m) {
    long[] delays = network.route(m);
    if (delays.length == 0) {
      trace(m.from(), "lost", m);
      if (!network.connected(m.from(), m.to())) {
        SimNode from = nodes.get(m.from());
        int inc = from.incarnation();
        events.after(0, () -> {
          if (from.incarnation() == inc && from.up()) {
            from.with(r -> r.reportUnreachable(m.to()));
          }
        });
      }
      return;
    }
    for (long d : delays) {
      events.after(d, () -> deliver(m));
    }
  }

  private void deliver(Message m) {
    SimNode to = nodes.get(m.to());
    if (to == null || !to.up() || !network.connected(m.from(), m.to())) {
      trace(m.to(), "undelivered", m);
      return;
    }
    trace(m.to(), "deliver", m);
    to.deliver(m);
  }

  void afterDiskLatency(Runnable r) {
    long d = options.diskMinMs + random.nextLong(options.diskMaxMs - options.diskMinMs + 1);
    events.after(d, r);
  }

  public Network network() {
    return network;
  }

  /** Cuts {@code id} off from every other node, both ways. */
  public void isolate(String id) {
    trace(id, "ISOLATE", null);
    List<String> others = ids();
    others.remove(id);
    network.cut(List.of(id), others);
  }

  /** Splits the cluster into groups that cannot talk to each other. */
  @SafeVarargs
  public final void partition(Collection<String>... groups) {
    trace(null, "PARTITION", java.util.Arrays.toString(groups));
    for (int i = 0; i < groups.length; i++) {
      for (int j = i + 1; j < groups.length; j++) {
        network.cut(groups[i], groups[j]);
      }
    }
  }

  /** One-way cut: messages from {@code from} to {@code to} are lost. */
  public void block(String from, String to) {
    trace(from, "BLOCK", "-> " + to);
    network.block(from, to);
  }

  /** Removes every partition. */
  public void heal() {
    trace(null, "HEAL", null);
    network.healPartitions();
  }

  public void setUnreliable(boolean unreliable) {
    if (unreliable) {
      network.dropRate = Math.max(network.dropRate, 0.1);
      network.longDelayRate = Math.max(network.longDelayRate, 0.1);
      network.duplicateRate = Math.max(network.duplicateRate, 0.02);
    } else {
      network.dropRate = 0;
      network.longDelayRate = 0;
      network.duplicateRate = 0;
    }
  }

  // ---- clients ----

  /**
   * Proposes a new command with a fresh id through node {@code id}; returns the id, or -1 if the node is
   * down or refused it.
   */
  public long propose(String id, int key, int padding) {
    SimNode n = node(id);
    if (!n.up()) {
      return -1;
    }
    Command c = new Command(nextCommandId++, key, 0, padding);
    Command withValue = new Command(c.id(), key, c.id(), padding);
    boolean[] ok = new boolean[1];
    guard(() -> ok[0] = n.propose(withValue));
    trace(id, ok[0] ? "propose" : "refused", "cmd " + c.id());
    return ok[0] ? c.id() : -1;
  }

  /** Proposes {@code count} new commands in one batch through node {@code id}; returns how many it took. */
  public int proposeBatch(String id, int count) {
    SimNode n = node(id);
    if (!n.up()) {
      return 0;
    }
    List<Command> batch = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      long cid = nextCommandId++;
      batch.add(new Command(cid, (int) (cid % 8), cid, 0));
    }
    boolean[] ok = new boolean[1];
    guard(() -> ok[0] = n.proposeBatch(batch));
    trace(id, ok[0] ? "propose batch" : "refused batch", "cmds " + batch.get(0).id() + ".." + batch.get(count - 1).id());
    return ok[0] ? count : 0;
  }

  public long propose(String id) {
    return propose(id, (int) (nextCommandId % 8), 0);
  }

  /** Issues a ReadIndex read on node {@code id}; returns its requestId, or -1 if the node is down. */
  public long readIndex(String id) {
    SimNode n = node(id);
    if (!n.up()) {
      return -1;
    }
    long rid = nextReadId++;
    trace(id, "read", "request " + rid);
    guard(() -> n.readIndex(rid));
    return rid;
  }

  /** Runs an operation on a live node's RaftNode (transfer, campaign, conf change) and drives it. */
  public void on(String id, Consumer<RaftNode> op) {
    SimNode n = node(id);
    if (n.up()) {
      guard(() -> n.with(op));
    }
  }

  void acknowledge(SimNode n, Command c, long index) {
    acks++;
    ackIndex.putIfAbsent(c.id(), index);
    checker.onAck(c.id(), index);
    trace(n.id, "ack", "cmd " + c.id() + " at " + index);
  }

  void readServed(SimNode n, SimNode.Read r, long appliedIndex) {
    readsServed++;
    trace(n.id, "read served", "request " + r.requestId() + " at applied " + appliedIndex);
  }

  void applied(Command c, long index) {
    appliedIndex.putIfAbsent(c.id(), index);
  }

  /** The index at which any node first applied command {@code commandId}, or null. */
  public Long appliedIndex(long commandId) {
    return appliedIndex.get(commandId);
  }

  /** How many live nodes applied command {@code commandId} (MIT's nCommitted for one command). */
  public int commandAppliedCount(long commandId) {
    Long index = appliedIndex.get(commandId);
    return index == null ? 0 : appliedCount(index);
  }

  /** The index at which command {@code commandId} was acknowledged, or null if it was not (yet). */
  public Long ackIndex(long commandId) {
    return ackIndex.get(commandId);
  }

  public long acknowledged() {
    return acks;
  }

  public long readsServed() {
    return readsServed;
  }

  /** A Ready was taken while an earlier one of the same node was still on disk. */
  void countPipelined() {
    pipelinedReadies++;
  }

  /** Readies taken while their node's earlier Ready was still being persisted (asynchronous writes). */
  public long pipelinedReadies() {
    return pipelinedReadies;
  }

  void countDuringPersist(long sent, long applied) {
    sentDuringPersist += sent;
    appliedBeforePersist += applied;
  }

  /** Messages that left while their sender's Ready was being persisted (issue #10's send-now path). */
  public long sentDuringPersist() {
    return sentDuringPersist;
  }

  /** Committed entries applied before the Ready that carried them persisted (already durable locally). */
  public long appliedBeforePersist() {
    return appliedBeforePersist;
  }

  /** How many live nodes have applied index {@code index} (MIT's nCommitted). */
  public int appliedCount(long index) {
    int count = 0;
    for (SimNode n : nodes.values()) {
      if (n.up() && n.lastApplied() >= index) {
        count++;
      }
    }
    return count;
  }

  /** The highest committed index known to any node so far. */
  public long maxCommitted() {
    return checker.maxCommitted();
  }

  void trace(String node, String what, Object detail) {
    trace.add(now(), node, what, detail);
  }

  /** Liveness/convergence check: every listed node applied every acknowledged write. */
  public void assertAcknowledgedWritesApplied(Collection<String> members) {
    long maxAcked = checker.maxAcked();
    for (String id : members) {
      SimNode n = node(id);
      if (n.up() && n.lastApplied() < maxAcked) {
        throw failure("Acknowledged Write Durability", id + " applied only " + n.lastApplied()
            + " but a write was acknowledged at " + maxAcked, null);
      }
    }
  }
}
