package io.raftkv.raft.log;

import io.raftkv.raft.proto.Entry;
import io.raftkv.raft.proto.SnapshotMetadata;
import java.util.ArrayList;
import java.util.List;

/**
 * Entries and an incoming snapshot that the caller has not yet reported durable (etcd's unstable log).
 * They are handed out in {@link io.raftkv.raft.Ready#entries()} / {@link io.raftkv.raft.Ready#snapshot()}
 * and dropped from here by {@link #stableTo} / {@link #stableSnapTo} once the Ready is advanced.
 *
 * <p>Invariant: {@code entries.get(i).index() == offset + i}; if {@code snapshot != null} then
 * {@code offset == snapshot.index() + 1} until the snapshot is stable.
 */
public final class UnstableLog {

  /** An incoming snapshot not yet durable, or null. */
  private SnapshotMetadata snapshot;
  private final ArrayList<Entry> entries = new ArrayList<>();
  /** Index of {@code entries.get(0)} (or where the next entry would go). */
  private long offset;

  public UnstableLog(long offset) {
    this.offset = offset;
  }

  public long offset() {
    return offset;
  }

  public SnapshotMetadata snapshot() {
    return snapshot;
  }

  public List<Entry> entries() {
    return entries;
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
   * Entries up to {@code (i, t)} became durable. Ignored if the entry at {@code i} has since been
   * replaced by one of another term (it will be handed out again).
   */
  public void stableTo(long i, long t) {
    long gt = maybeTerm(i);
    if (gt != t || i < offset) {
      return;
    }
    entries.subList(0, (int) (i + 1 - offset)).clear();
    offset = i + 1;
    if (entries.isEmpty() && entries.size() == 0) {
      entries.trimToSize();
    }
  }

  public void stableSnapTo(long i) {
    if (snapshot != null && snapshot.index() == i) {
      snapshot = null;
    }
  }

  /** Replaces everything with an incoming snapshot. */
  public void restore(SnapshotMetadata s) {
    offset = s.index() + 1;
    entries.clear();
    snapshot = s;
  }

  /** Appends {@code ents}, first truncating whatever is at or after {@code ents.get(0).index()}. */
  public void truncateAndAppend(List<Entry> ents) {
    if (ents.isEmpty()) {
      return;
    }
    long from = ents.get(0).index();
    if (from == offset + entries.size()) {
      entries.addAll(ents);
    } else if (from <= offset) {
      // Replaces stable entries too: they are rewritten when this Ready is persisted.
      offset = from;
      entries.clear();
      entries.addAll(ents);
    } else {
      entries.subList((int) (from - offset), entries.size()).clear();
      entries.addAll(ents);
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
