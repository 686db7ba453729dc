package io.raftkv.raft.log;

import io.raftkv.raft.proto.Entry;
import io.raftkv.raft.proto.SnapshotMetadata;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * Entries and an incoming snapshot that the caller has not yet reported durable (etcd's unstable log).
 * They are handed out in {@link io.raftkv.raft.Ready#entries()} / {@link io.raftkv.raft.Ready#snapshot()}
 * and dropped from here by {@link #stableTo} / {@link #stableSnapTo} once the Ready is advanced.
 *
 * <p>Several Readies may be in flight (asynchronous storage writes, issue #10): entries in
 * {@code [offset, offsetInProgress)} were handed out and are being written; only those at and after
 * {@code offsetInProgress} go into the next Ready ({@link #takeNextEntries}). Each handed-out batch is
 * remembered, in hand-out order, with the lowest index a later append rewrote since (its
 * {@code floor}): when the caller acknowledges the batch ({@link #stableTo}, in order), only its entries
 * below that floor are durable in their current form. This also covers an entry replaced twice and back
 * to its original term (A, B, A at one index), which a term check at the acknowledged index alone (etcd's
 * {@code stableTo} before leader-term marks) would take for durable while B's write is still queued.
 *
 * <p>Invariants: {@code entries.get(i).index() == offset + i}; {@code offset <= offsetInProgress <= offset
 * + entries.size()}; if {@code snapshot != null} then {@code offset == snapshot.index() + 1} until the
 * snapshot is stable; batches in {@code inFlight} are in hand-out order with ascending last indexes unless
 * a rewrite lowered them, in which case their floor is at or below the rewrite.
 */
public final class UnstableLog {

  /** A batch handed out and not yet acknowledged: its last entry and the lowest index rewritten since. */
  private static final class Batch {
    final long lastIndex;
    long floor = Long.MAX_VALUE;

    Batch(long lastIndex) {
      this.lastIndex = lastIndex;
    }
  }

  /** An incoming snapshot not yet durable, or null. */
  private SnapshotMetadata snapshot;
  private final ArrayList<Entry> entries = new ArrayList<>();
  /** Index of {@code entries.get(0)} (or where the next entry would go). */
  private long offset;
  /** First entry not yet handed out. Invariant: {@code offset <= offsetInProgress <= lastIndex + 1}. */
  private long offsetInProgress;
  private final ArrayDeque<Batch> inFlight = new ArrayDeque<>();

  public UnstableLog(long offset) {
    this.offset = offset;
    this.offsetInProgress = offset;
  }

  public long offset() {
    return offset;
  }

  public SnapshotMetadata snapshot() {
    return snapshot;
  }

  /** Every entry not yet durable, whether or not already handed out. */
  public List<Entry> entries() {
    return entries;
  }

  /** Whether entries wait to be handed out (not yet in any Ready). */
  public boolean hasNextEntries() {
    return offsetInProgress < offset + entries.size();
  }

  /** Number of batches handed out by {@link #takeNextEntries} and not yet acknowledged. */
  public int inFlightBatches() {
    return inFlight.size();
  }

  /**
   * Hands out the entries not yet in any Ready (a copy) and marks them in progress; the caller must
   * acknowledge this batch with {@link #stableTo} after every earlier batch.
   */
  public List<Entry> takeNextEntries() {
    if (!hasNextEntries()) {
      return List.of();
    }
    List<Entry> out = List.copyOf(entries.subList((int) (offsetInProgress - offset), entries.size()));
    offsetInProgress = offset + entries.size();
    inFlight.addLast(new Batch(offsetInProgress - 1));
    return out;
  }

  /** First index known from the pending snapshot, or -1. */
  public long maybeFirstIndex() {
    return snapshot != null ? snapshot.index() + 1 : -1;
  }

  /** Last index held here, or -1 if none. */
  public long maybeLastIndex() {
    if (!entries.isEmpty()) {
      return offset + entries.size() - 1;
    }
    return snapshot != null ? snapshot.index() : -1;
  }

  /** Term at {@code i} if known here, or -1. */
  public long maybeTerm(long i) {
    if (i < offset) {
      return snapshot != null && snapshot.index() == i ? snapshot.term() : -1;
    }
    long last = maybeLastIndex();
    if (last < 0 || i > last) {
      return -1;
    }
    return entries.get((int) (i - offset)).term();
  }

  /**
   * The oldest batch handed out, which ended at {@code (i, t)}, is durable. Its entries that a later
   * append has not rewritten since become stable; the rewritten ones stay until the batch that rewrote
   * them is acknowledged.
   *
   * @throws IllegalStateException if no batch is in flight or the oldest did not end at {@code i}
   *     (batches must be acknowledged in the order they were handed out)
   */
  public void stableTo(long i, long t) {
    Batch b = inFlight.peekFirst();
    if (b == null || b.lastIndex != i) {
      throw new IllegalStateException("entries up to " + i + " acknowledged out of order; oldest batch in flight "
          + (b == null ? "none" : "ends at " + b.lastIndex));
    }
    inFlight.pollFirst();
    long upTo = Math.min(i, b.floor - 1);
    if (upTo < offset || (upTo == i && maybeTerm(i) != t)) {
      return;
    }
    entries.subList(0, (int) (upTo + 1 - offset)).clear();
    offset = upTo + 1;
    offsetInProgress = Math.max(offsetInProgress, offset);
    if (entries.isEmpty()) {
      entries.trimToSize();
    }
  }

  public void stableSnapTo(long i) {
    if (snapshot != null && snapshot.index() == i) {
      snapshot = null;
    }
  }

  /** Replaces everything with an incoming snapshot; batches in flight no longer make anything stable. */
  public void restore(SnapshotMetadata s) {
    offset = s.index() + 1;
    offsetInProgress = offset;
    entries.clear();
    snapshot = s;
    lowerFloors(0);
  }

  /** Appends {@code ents}, first truncating whatever is at or after {@code ents.get(0).index()}. */
  public void truncateAndAppend(List<Entry> ents) {
    if (ents.isEmpty()) {
      return;
    }
    long from = ents.get(0).index();
    if (from == offset + entries.size()) {
      entries.addAll(ents);
      return;
    }
    lowerFloors(from); // a batch in flight that wrote at or after `from` no longer makes those durable
    if (from <= offset) {
      // Replaces stable entries too: they are rewritten when this Ready is persisted.
      offset = from;
      entries.clear();
      entries.addAll(ents);
    } else {
      entries.subList((int) (from - offset), entries.size()).clear();
      entries.addAll(ents);
    }
    offsetInProgress = Math.min(offsetInProgress, from);
    offsetInProgress = Math.max(offsetInProgress, offset);
  }

  private void lowerFloors(long from) {
    for (Batch b : inFlight) {
      b.floor = Math.min(b.floor, from);
    }
  }

  /** Entries in {@code [lo, hi)}, which must lie within this log. */
  public List<Entry> slice(long lo, long hi) {
    if (lo < offset || hi > offset + entries.size() || lo > hi) {
      throw new IllegalArgumentException("unstable slice [" + lo + "," + hi + ") out of [" + offset + ","
          + (offset + entries.size()) + ")");
    }
    return entries.subList((int) (lo - offset), (int) (hi - offset));
  }
}
