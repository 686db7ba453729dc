package io.raftkv.raft.sim;

import io.raftkv.raft.proto.Entry;
import java.util.Arrays;

/**
 * The checker's view of one node's log: for every index the entry's term and the chain hash of the prefix
 * ending there. It mirrors what the node has handed out through Ready (its in-memory log), not only what
 * is durable; on restart it is rebuilt from storage.
 *
 * <p>Invariant: indexes {@code base..lastIndex()} are known; {@code base} is the latest snapshot point the
 * view was reset to, whose chain hash may be {@link #UNKNOWN} if no node ever logged that position.
 */
final class LogChain {

  static final long UNKNOWN = Long.MIN_VALUE + 1;

  private long base;
  private long[] terms = new long[64];
  private long[] chains = new long[64];
  private int size = 1;

  long base() {
    return base;
  }

  long lastIndex() {
    return base + size - 1;
  }

  boolean has(long index) {
    return index >= base && index <= lastIndex();
  }

  long term(long index) {
    return terms[(int) (index - base)];
  }

  long chain(long index) {
    return chains[(int) (index - base)];
  }

  /** Forgets everything: the log is empty after position (snapshotIndex, snapshotTerm). */
  void reset(long snapshotIndex, long snapshotTerm, long snapshotChain) {
    base = snapshotIndex;
    size = 1;
    terms[0] = snapshotTerm;
    chains[0] = snapshotChain;
  }

  /**
   * Appends {@code e}, first discarding any entries at or after its index (Ready's "replace" rule).
   *
   * @return the new chain hash at {@code e.index()}, or {@link #UNKNOWN}
   * @throws IllegalStateException if {@code e} leaves a gap
   */
  long append(Entry e) {
    long i = e.index();
    if (i <= base || i > lastIndex() + 1) {
      throw new IllegalStateException("entry " + e + " does not follow the log (base " + base + ", last "
          + lastIndex() + ")");
    }
    size = (int) (i - base);
    long prev = chains[size - 1];
    long chain = prev == UNKNOWN ? UNKNOWN : Hashing.chain(prev, Hashing.entry(e));
    if (size == terms.length) {
      terms = Arrays.copyOf(terms, size * 2);
      chains = Arrays.copyOf(chains, size * 2);
    }
    terms[size] = e.term();
    chains[size] = chain;
    size++;
    return chain;
  }

  /** The chain hash {@code e} would have if placed at its index after this log's prefix. */
  long chainOf(Entry e) {
    long prevIndex = e.index() - 1;
    if (!has(prevIndex) || chain(prevIndex) == UNKNOWN) {
      return UNKNOWN;
    }
    return Hashing.chain(chain(prevIndex), Hashing.entry(e));
  }
}
