package io.raftkv.raft.sim;

import io.raftkv.raft.proto.Entry;
import io.raftkv.raft.proto.EntryType;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.TreeMap;

/**
 * The deterministic state machine each simulated node applies committed entries to: a map of registers
 * ({@link Command} writes a value to a key). Besides the registers it keeps {@code lastApplied} and a
 * digest chained over every applied entry, so two replicas at the same index can be compared in O(1)
 * (State Machine Safety, §5.4.3) even when one of them was restored from a snapshot.
 *
 * <p>Invariant: entries are applied in index order with no gaps: {@code apply(e)} requires
 * {@code e.index() == lastApplied + 1}.
 */
final class KvStateMachine {

  private final TreeMap<Integer, Long> registers = new TreeMap<>();
  private long lastApplied;
  private long digest;

  long lastApplied() {
    return lastApplied;
  }

  long digest() {
    return digest;
  }

  Long read(int key) {
    return registers.get(key);
  }

  /**
   * Applies one committed entry and returns the command it carried, or {@code null} for a no-op or a
   * membership change (those are applied by the Raft core itself).
   */
  Command apply(Entry e) {
    if (e.index() != lastApplied + 1) {
      throw new IllegalStateException("apply out of order: entry " + e.index() + " after " + lastApplied);
    }
    lastApplied = e.index();
    digest = Hashing.chain(digest, Hashing.entry(e));
    if (e.type() != EntryType.NORMAL || e.data().length == 0) {
      return null;
    }
    Command c = Command.decode(e.data());
    registers.put(c.key(), c.value());
    return c;
  }

  /** Serializes lastApplied, the digest and the registers. */
  byte[] snapshot() {
    ByteBuffer b = ByteBuffer.allocate(8 + 8 + 4 + registers.size() * 12);
    b.putLong(lastApplied).putLong(digest).putInt(registers.size());
    for (Map.Entry<Integer, Long> r : registers.entrySet()) {
      b.putInt(r.getKey()).putLong(r.getValue());
    }
    return b.array();
  }

  /** Rebuilds a state machine from {@link #snapshot()} bytes; empty bytes mean the initial state. */
  static KvStateMachine restore(byte[] data) {
    KvStateMachine sm = new KvStateMachine();
    if (data.length == 0) {
      return sm;
    }
    ByteBuffer b = ByteBuffer.wrap(data);
    sm.lastApplied = b.getLong();
    sm.digest = b.getLong();
    int n = b.getInt();
    for (int i = 0; i < n; i++) {
      sm.registers.put(b.getInt(), b.getLong());
    }
    if (b.hasRemaining()) {
      throw new IllegalStateException("trailing bytes in snapshot");
    }
    return sm;
  }
}
