package io.raftkv.bench.jmh;

import io.raftkv.raft.Config;
import io.raftkv.raft.RaftNode;
import io.raftkv.raft.Ready;
import io.raftkv.raft.StateRole;
import io.raftkv.raft.log.MemoryStorage;
import io.raftkv.raft.proto.ConfState;
import io.raftkv.raft.proto.Entry;
import io.raftkv.raft.proto.Message;
import java.util.ArrayDeque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The core's step loop without I/O: a 3-node cluster of {@link RaftNode}s on {@link MemoryStorage}, messages
 * delivered in-process in FIFO order. One benchmark operation proposes {@code batch} commands of
 * {@code entryBytes} bytes at the leader and runs every node's Ready loop (persist to memory, send, apply,
 * advance) until the leader has committed them and every follower has applied them, i.e. the full
 * propose -> AppendEntries -> ack -> commit -> apply cycle of Raft section 5.3. The reported time is per
 * batch: divide by {@code batch} for the cost per proposal.
 *
 * <p>Storage is compacted behind an empty snapshot every 20,000 entries so memory stays bounded.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class StepLoopBenchmark {

  private static final List<String> IDS = List.of("n1", "n2", "n3");
  private static final ConfState VOTERS = ConfState.ofVoters(Set.copyOf(IDS));
  private static final long COMPACT_EVERY = 20_000;

  @Param({"1", "64"})
  int batch;

  @Param("256")
  int entryBytes;

  private final Map<String, RaftNode> nodes = new LinkedHashMap<>();
  private final Map<String, MemoryStorage> storages = new LinkedHashMap<>();
  private final Map<String, Long> applied = new LinkedHashMap<>();
  private final ArrayDeque<Message> network = new ArrayDeque<>();
  private RaftNode leader;
  private byte[] payload;
  private long proposed;
  private long compactedTo;

  @Setup(Level.Trial)
  public void setUp() {
    SplittableRandom seeds = new SplittableRandom(3);
    for (String id : IDS) {
      MemoryStorage storage = new MemoryStorage();
      storage.bootstrap(VOTERS);
      storages.put(id, storage);
      nodes.put(id, RaftNode.create(Config.builder(id, seeds.split()).build(), storage));
      applied.put(id, 0L);
    }
    leader = nodes.get("n1");
    leader.campaign();
    pump();
    if (leader.status().role() != StateRole.LEADER) {
      throw new IllegalStateException("n1 did not become leader: " + leader.status());
    }
    payload = new byte[entryBytes];
    new SplittableRandom(5).nextBytes(payload);
    proposed = leader.status().lastIndex();
  }

  @Benchmark
  public long proposeToCommit() {
    for (int i = 0; i < batch; i++) {
      leader.propose(payload);
    }
    long target = proposed + batch;
    proposed = target;
    pump();
    for (Map.Entry<String, Long> e : applied.entrySet()) {
      if (e.getValue() < target) {
        throw new IllegalStateException(e.getKey() + " applied only " + e.getValue() + " of " + target);
      }
    }
    if (target - compactedTo >= COMPACT_EVERY) {
      compact(target);
    }
    return target;
  }

  /** Runs every node's Ready loop and delivers messages until the cluster is quiet. */
  private void pump() {
    boolean progress = true;
    while (progress) {
      progress = false;
      for (Map.Entry<String, RaftNode> e : nodes.entrySet()) {
        RaftNode node = e.getValue();
        if (!node.hasReady()) {
          continue;
        }
        progress = true;
        Ready rd = node.ready();
        network.addAll(rd.messagesToSendNow());
        MemoryStorage storage = storages.get(e.getKey());
        storage.append(rd.entries());
        if (rd.hardState() != null) {
          storage.setHardState(rd.hardState());
        }
        network.addAll(rd.messagesAfterPersist());
        List<Entry> committed = rd.committedEntries();
        if (!committed.isEmpty()) {
          applied.put(e.getKey(), committed.get(committed.size() - 1).index());
        }
        node.advance(rd);
      }
      for (Message m; (m = network.poll()) != null; ) {
        progress = true;
        nodes.get(m.to()).step(m);
      }
    }
  }

  private void compact(long index) {
    for (MemoryStorage storage : storages.values()) {
      storage.createSnapshot(index, VOTERS, new byte[0]);
      storage.compact(index);
    }
    compactedTo = index;
  }
}
