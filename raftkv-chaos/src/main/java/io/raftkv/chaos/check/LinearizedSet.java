package io.raftkv.chaos.check;

import java.util.BitSet;

/**
 * The set of linearized operations of one search, with a compact memo key.
 *
 * <p>Operations are indexed required-first in invocation order (see {@link UnknownResolution}),
 * then optional ones. Every required operation must be linearized before its return entry is
 * passed, so the required bits are "all ones up to {@code low}, then a window about as wide as the
 * concurrency". The memo key keeps only {@code low}, that window and the (few) optional bits, so a
 * key costs a few words instead of one bit per operation of the partition: on a 10,000-operation
 * key that is the difference between kilobytes and bytes per memoized state.
 *
 * <p>Invariant: {@code low} is the smallest required index not in the set ({@code required} if
 * all are).
 */
final class LinearizedSet {

  /** Memo key: equal iff the linearized sets are equal and the states are equal. */
  record Key(int low, BitSet window, BitSet optional, Object state) {}

  private final BitSet bits;
  private final int required;
  private final int size;
  private int low;

  LinearizedSet(int required, int size) {
    this.bits = new BitSet(size);
    this.required = required;
    this.size = size;
  }

  void set(int index) {
    bits.set(index);
    if (index == low) {
      low = Math.min(bits.nextClearBit(low), required);
    }
  }

  void clear(int index) {
    bits.clear(index);
    if (index < low) {
      low = index;
    }
  }

  boolean get(int index) {
    return bits.get(index);
  }

  /** A copy of the full set, for code that needs to test membership after further changes. */
  BitSet snapshot() {
    return (BitSet) bits.clone();
  }

  Key key(Object state) {
    return new Key(low, bits.get(low, required), bits.get(required, size), state);
  }
}
