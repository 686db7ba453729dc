package io.raftkv.raft.sim;

import io.raftkv.raft.proto.Entry;

/**
 * 64-bit hashes the safety checker compares instead of whole logs. A chain hash at index i covers every
 * entry at or below i, so equal chain hashes mean equal log prefixes: one comparison checks Log Matching
 * (§5.3) for a whole prefix, which keeps the per-event checks O(1).
 */
final class Hashing {

  private Hashing() {}

  /** Murmur3's 64-bit finalizer: a cheap bijective mixer. */
  static long mix(long z) {
    z = (z ^ (z >>> 33)) * 0xff51afd7ed558ccdL;
    z = (z ^ (z >>> 33)) * 0xc4ceb9fe1a85ec53L;
    return z ^ (z >>> 33);
  }

  /** Hash of one entry: term, index, type and payload. */
  static long entry(Entry e) {
    long h = 0xcbf29ce484222325L;
    for (byte b : e.data()) {
      h = (h ^ b) * 0x100000001b3L;
    }
    return mix(h ^ mix(e.term() * 0x9E3779B97F4A7C15L + e.index()) ^ ((long) e.type().ordinal() << 61));
  }

  /** Hash of the log prefix ending with an entry whose own hash is {@code entryHash}. */
  static long chain(long previousChain, long entryHash) {
    return mix(previousChain * 0x9E3779B97F4A7C15L ^ entryHash);
  }
}
