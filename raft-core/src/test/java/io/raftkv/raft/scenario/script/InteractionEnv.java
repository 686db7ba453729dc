package io.raftkv.raft.scenario.script;

import io.raftkv.raft.ProposalDroppedException;
import io.raftkv.raft.RaftNode;
import io.raftkv.raft.Ready;
import io.raftkv.raft.SnapshotChunk;
import io.raftkv.raft.proto.Message;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * The world one scenario script runs in (etcd's rafttest.InteractionEnv): the nodes, the messages in
 * flight between them, the partition, and the output of the current directive.
 *
 * <p>The network is a single FIFO list: {@link #processReady} appends a Ready's MessagesToSendNow and then
 * its MessagesAfterPersist (after persisting, as {@link Ready} prescribes), and {@link #deliver} hands a
 * node the messages addressed to it in that order. Nothing is reordered or lost unless a script says so
 * ({@code deliver-msgs drop=}, {@code isolate}). Invariant: every node's invariants hold after each input
 * ({@link RaftNode#checkInvariants()}), else the script fails.
 */
final class InteractionEnv {

  /** Numeric ids sort as numbers (2 before 10), others after them alphabetically. */
  static final Comparator<String> ID_ORDER = Comparator.comparingInt(String::length).thenComparing(c -> c);

  final Output out = new Output();
  private final Map<String, ScenarioNode> nodes = new TreeMap<>(ID_ORDER);
  private final List<Message> inFlight = new ArrayList<>();
  private final Set<String> isolated = new HashSet<>();

  void add(ScenarioNode node) {
    if (nodes.putIfAbsent(node.id, node) != null) {
      throw new ScriptException("node " + node.id + " already exists");
    }
  }

  int size() {
    return nodes.size();
  }

  List<String> ids() {
    return List.copyOf(nodes.keySet());
  }

  ScenarioNode node(Command c, String id) {
    ScenarioNode n = nodes.get(id);
    if (n == null) {
      throw c.error("no node " + id);
    }
    return n;
  }

  /**
   * Runs one input on a node. A refused proposal or an argument the core rejects is printed (that is the
   * core's behaviour); then the node's invariants are checked and a role/term/leader change is printed.
   */
  void drive(ScenarioNode n, Consumer<RaftNode> input) {
    try {
      input.accept(n.raft());
    } catch (ProposalDroppedException e) {
      out.line("dropped: " + e.reason());
    } catch (IllegalArgumentException e) {
      out.line("error: " + e.getMessage());
    }
    n.raft().checkInvariants();
    String t = n.transition();
    if (t != null) {
      out.line(t);
    }
  }

  /** Whether the node has a Ready to process. */
  boolean hasReady(ScenarioNode n) {
    return n.raft().hasReady();
  }

  /**
   * Takes the node's Ready, prints it, persists it in the documented order (snapshot chunks, snapshot,
   * entries, hard state), puts its messages on the network and advances the node.
   */
  void processReady(ScenarioNode n) {
    if (!n.raft().hasReady()) {
      out.line("no Ready");
      return;
    }
    Ready rd = n.raft().ready();
    Render.ready(rd, out);
    persist(n, rd);
  }

  /**
   * Takes the node's Ready, prints it and sends its MessagesToSendNow, but leaves its persistence in
   * flight (asynchronous storage writes): {@link #persistOldest} completes it later.
   */
  void takeReady(ScenarioNode n) {
    if (!n.raft().hasReady()) {
      out.line("no Ready");
      return;
    }
    Ready rd = n.raft().ready();
    Render.ready(rd, out);
    inFlight.addAll(rd.messagesToSendNow());
    n.inFlight.addLast(rd);
  }

  /** Persists the node's oldest Ready in flight, sends its MessagesAfterPersist and advances it. */
  void persistOldest(ScenarioNode n) {
    Ready rd = n.inFlight.pollFirst();
    if (rd == null) {
      out.line("no Ready in flight");
      return;
    }
    out.line("persisted: " + Render.persisted(rd));
    if (!rd.messagesAfterPersist().isEmpty()) {
      out.indent();
      rd.messagesAfterPersist().forEach(m -> out.line("sends " + Render.message(m)));
      out.dedent();
    }
    inFlight.addAll(rd.messagesAfterPersist());
    write(n, rd);
    drive(n, raft -> raft.advance(rd));
  }

  private void persist(ScenarioNode n, Ready rd) {
    write(n, rd);
    inFlight.addAll(rd.messagesToSendNow());
    inFlight.addAll(rd.messagesAfterPersist());
    drive(n, raft -> raft.advance(rd));
  }

  private static void write(ScenarioNode n, Ready rd) {
    for (SnapshotChunk c : rd.snapshotChunks()) {
      n.storage.writeSnapshotChunk(c.metadata(), c.offset(), c.data(), c.done());
    }
    if (rd.snapshot() != null) {
      n.storage.installSnapshot(rd.snapshot());
    }
    n.storage.append(rd.entries());
    if (rd.hardState() != null) {
      n.storage.setHardState(rd.hardState());
    }
  }

  /** Ids (in order) of the recipients that have messages in flight, including unknown ones. */
  List<String> recipients() {
    Set<String> ids = new java.util.TreeSet<>(ID_ORDER);
    inFlight.forEach(m -> ids.add(m.to()));
    return List.copyOf(ids);
  }

  boolean idle() {
    return inFlight.isEmpty() && nodes.values().stream().noneMatch(this::hasReady);
  }

  /**
   * Steps every in-flight message to {@code to} that {@code filter} selects, in network order, or, with
   * {@code drop}, discards them. Messages across the partition (or to a node that does not exist) are
   * discarded and printed as such. Returns how many were taken off the network.
   */
  int deliver(String to, Predicate<Message> filter, boolean drop) {
    List<Message> batch = new ArrayList<>();
    for (Iterator<Message> it = inFlight.iterator(); it.hasNext(); ) {
      Message m = it.next();
      if (m.to().equals(to) && filter.test(m)) {
        batch.add(m);
        it.remove();
      }
    }
    for (Message m : batch) {
      ScenarioNode n = nodes.get(m.to());
      if (drop) {
        out.line("dropped: " + Render.message(m));
      } else if (n == null) {
        out.line("dropped (no node " + m.to() + "): " + Render.message(m));
      } else if (isolated.contains(m.from()) || isolated.contains(m.to())) {
        out.line("dropped (partition): " + Render.message(m));
      } else {
        out.line(Render.message(m));
        drive(n, raft -> raft.step(m));
      }
    }
    return batch.size();
  }

  void isolate(String id) {
    isolated.add(id);
  }

  void recover() {
    isolated.clear();
  }
}
