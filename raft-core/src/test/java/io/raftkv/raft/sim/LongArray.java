package io.raftkv.raft.sim;

import java.util.Arrays;

/**
 * A growable array of longs indexed by Raft log index, with {@link #UNSET} for indexes never written. The
 * checker keeps one value per log index (committed chain hash, applied digest, acknowledged command).
 */
final class LongArray {

  static final long UNSET = Long.MIN_VALUE;

  private long[] values = new long[256];

  LongArray() {
    Arrays.fill(values, UNSET);
  }

  long get(long index) {
    return index < values.length ? values[(int) index] : UNSET;
  }

  void set(long index, long value) {
    if (index >= values.length) {
      int n = values.length;
      while (n <= index) {
        n *= 2;
      }
      long[] grown = Arrays.copyOf(values, n);
      Arrays.fill(grown, values.length, n, UNSET);
      values = grown;
    }
    values[(int) index] = value;
  }
}
