package io.raftkv.raft.log;

import io.raftkv.raft.proto.Entry;
import io.raftkv.raft.proto.SnapshotMetadata;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * The node's log: durable entries read through {@link Storage} followed by the {@link UnstableLog}, plus
 * commitIndex and the apply cursor (etcd's raftLog, §5.3).
 *
 * <p>Invariants: {@code applied <= applying <= committed <= lastIndex()}; committed entries are never
 * truncated (Log Matching + Leader Completeness make a conflict below commitIndex impossible, so one
 * means a safety bug and throws {@link IllegalStateException}).
 */
public final class RaftLog {

  private final Storage storage;
  private final UnstableLog unstable;
  /** Invariant: never decreases; {@code committed <= lastIndex()}. */
  private long committed;
  /** Highest index handed to the caller in a Ready for applying. Invariant: applied <= applying <= committed. */
  private long applying;
  /** Highest index whose Ready was advanced (the caller's lastApplied). */
  private long applied;
  /**
   * Flow control of an asynchronous applier: batches handed out ({@code [lastIndex, bytes]}, in index
   * order) that the caller has not yet reported applied, and their total payload. Invariant:
   * {@code unappliedBytes} is the sum of {@code unappliedBatches}' bytes.
   */
  private final ArrayDeque<long[]> unappliedBatches = new ArrayDeque<>();
  private long unappliedBytes;

  public RaftLog(Storage storage, long committed, long applied) {
    this.storage = storage;
    this.unstable = new UnstableLog(storage.lastIndex() + 1);
    long first = storage.firstIndex();
    this.committed = Math.max(committed, first - 1);
    long a = Math.max(applied, first - 1);
    if (a > this.committed) {
      throw new IllegalStateException("applied " + a + " is beyond commitIndex " + this.committed);
    }
    this.applied = a;
    this.applying = a;
    if (this.committed > lastIndex()) {
      throw new IllegalStateException("commitIndex " + this.committed + " is beyond last index " + lastIndex());
    }
  }

  public Storage storage() {
    return storage;
  }

  public UnstableLog unstable() {
    return unstable;
  }

  public long committed() {
    return committed;
  }

  public long applying() {
    return applying;
  }

  public long applied() {
    return applied;
  }

  public long firstIndex() {
    long i = unstable.maybeFirstIndex();
    return i >= 0 ? i : storage.firstIndex();
  }

  public long lastIndex() {
    long i = unstable.maybeLastIndex();
    return i >= 0 ? i : storage.lastIndex();
  }

  /** Index of the last entry known durable (written through a Ready that was advanced). */
  public long stableLastIndex() {
    if (unstable.snapshot() != null) {
      return 0;
    }
    return Math.min(unstable.offset() - 1, storage.lastIndex());
  }

  public long lastTerm() {
    return term(lastIndex());
  }

  /**
   * Term of entry {@code i}: 0 beyond the last index or before index 1.
   *
   * @throws CompactedException if {@code i} is below {@code firstIndex() - 1}
   */
  public long term(long i) {
    long t = unstable.maybeTerm(i);
    if (t >= 0) {
      return t;
    }
    if (i > lastIndex() || i <= 0) {
      return 0;
    }
    if (i < firstIndex() - 1) {
      throw new CompactedException(i, firstIndex());
    }
    return storage.term(i);
  }

  /** Term of {@code i}, or 0 when compacted or unknown (for up-to-date comparisons only). */
  public long termOrZero(long i) {
    try {
      return term(i);
    } catch (CompactedException | UnavailableException e) {
      return 0;
    }
  }

  public boolean matchTerm(long i, long t) {
    try {
      return term(i) == t && (i <= lastIndex());
    } catch (CompactedException | UnavailableException e) {
      return false;
    }
  }

  /** §5.4.1: is a log ending at {@code (lastIdx, lastTerm)} at least as up to date as ours? */
  public boolean isUpToDate(long lastIdx, long lastTrm) {
    long myTerm = lastTerm();
    return lastTrm > myTerm || (lastTrm == myTerm && lastIdx >= lastIndex());
  }

  /**
   * AppendEntries receiver (§5.3): if our log matches {@code (index, logTerm)}, append {@code ents},
   * truncating only at the first real conflict, and advance commitIndex.
   *
   * @return the index of the last new entry, or -1 if the log did not match
   */
  public long maybeAppend(long index, long logTerm, long leaderCommit, List<Entry> ents) {
    if (!matchTerm(index, logTerm)) {
      return -1;
    }
    long lastNew = index + ents.size();
    long conflict = findConflict(ents);
    if (conflict != 0) {
      if (conflict <= committed) {
        throw new IllegalStateException("entry " + conflict + " conflicts with committed entry (commitIndex "
            + committed + "): safety violated");
      }
      append(ents.subList((int) (conflict - (index + 1)), ents.size()));
    }
    commitTo(Math.min(leaderCommit, lastNew));
    return lastNew;
  }

  /** Appends entries after the last one (leader) or replacing a conflicting suffix (follower). */
  public long append(List<Entry> ents) {
    if (ents.isEmpty()) {
      return lastIndex();
    }
    long after = ents.get(0).index() - 1;
    if (after < committed) {
      throw new IllegalStateException("append after " + after + " would overwrite commitIndex " + committed);
    }
    unstable.truncateAndAppend(ents);
    return lastIndex();
  }

  /** First entry of {@code ents} whose term differs from ours (or that we lack), 0 if none. */
  long findConflict(List<Entry> ents) {
    for (int i = 0; i < ents.size(); i++) {
      Entry e = ents.get(i);
      if (!matchTerm(e.index(), e.term())) {
        return e.index();
      }
    }
    return 0;
  }

  /**
   * The first index of the run of entries with the same term as {@code index}, not below
   * {@code floor} (the follower's conflict hint of §5.3's fast back-off). Terms never decrease along a
   * log, so this is a binary search: O(log n) term lookups however long the run.
   */
  public long firstIndexOfTermAt(long index, long floor) {
    long t = termOrZero(index);
    long lo = Math.max(floor, firstIndex());
    long hi = index;
    if (lo > hi) {
      return index;
    }
    while (lo < hi) {
      long mid = lo + (hi - lo) / 2;
      if (termOrZero(mid) >= t) {
        hi = mid;
      } else {
        lo = mid + 1;
      }
    }
    return lo;
  }

  /**
   * The last index {@code <= from} whose term is {@code t}, or -1 if we hold no entry of term {@code t}
   * there (the leader's half of the fast back-off). Binary search, as terms never decrease.
   */
  public long lastIndexOfTerm(long from, long t) {
    long lo = firstIndex() - 1;
    long hi = Math.min(from, lastIndex());
    if (hi < lo || termOrZero(lo) > t) {
      return -1;
    }
    while (lo < hi) {
      long mid = lo + (hi - lo + 1) / 2;
      if (termOrZero(mid) <= t) {
        lo = mid;
      } else {
        hi = mid - 1;
      }
    }
    return lo > 0 && termOrZero(lo) == t ? lo : -1;
  }

  public void commitTo(long c) {
    if (c > committed) {
      if (c > lastIndex()) {
        throw new IllegalStateException("commitIndex " + c + " beyond last index " + lastIndex());
      }
      committed = c;
    }
  }

  /** Leader commit rule (§5.4.2): commit {@code maxIndex} only if its term is the current term. */
  public boolean maybeCommit(long maxIndex, long currentTerm) {
    if (maxIndex > committed && termOrZero(maxIndex) == currentTerm) {
      commitTo(maxIndex);
      return true;
    }
    return false;
  }

  /** Entries from {@code lo} to the last index, at most about {@code maxBytes} (at least one). */
  public List<Entry> entriesFrom(long lo, long maxBytes) {
    long last = lastIndex();
    if (lo > last) {
      return List.of();
    }
    return slice(lo, last + 1, maxBytes);
  }

  /**
   * Entries in {@code [lo, hi)} bounded by {@code maxBytes} (always at least one).
   *
   * @throws CompactedException if {@code lo < firstIndex()}
   */
  public List<Entry> slice(long lo, long hi, long maxBytes) {
    if (lo < firstIndex()) {
      throw new CompactedException(lo, firstIndex());
    }
    if (hi > lastIndex() + 1) {
      throw new UnavailableException(hi - 1, lastIndex());
    }
    if (lo >= hi) {
      return List.of();
    }
    long off = unstable.offset();
    List<Entry> stored = List.of();
    if (lo < off) {
      stored = storage.entries(lo, Math.min(hi, off), maxBytes);
      if (stored.size() < Math.min(hi, off) - lo || hi <= off) {
        return stored; // size limit reached, or nothing unstable wanted
      }
    }
    List<Entry> fresh = unstable.slice(Math.max(lo, off), hi);
    if (stored.isEmpty()) {
      return limitSize(fresh, maxBytes);
    }
    long size = 0;
    for (Entry e : stored) {
      size += e.sizeBytes();
    }
    List<Entry> out = new ArrayList<>(stored.size() + fresh.size());
    out.addAll(stored);
    for (Entry e : fresh) {
      size += e.sizeBytes();
      if (size > maxBytes) {
        break;
      }
      out.add(e);
    }
    return out;
  }

  private static List<Entry> limitSize(List<Entry> ents, long maxBytes) {
    long size = 0;
    for (int i = 0; i < ents.size(); i++) {
      size += ents.get(i).sizeBytes();
      if (i > 0 && size > maxBytes) {
        return List.copyOf(ents.subList(0, i));
      }
    }
    return List.copyOf(ents);
  }

  /**
   * Whether committed entries wait to be handed to the caller and, with a cap ({@code maxUnappliedBytes >
   * 0}), the caller's apply backlog leaves room for them.
   */
  public boolean hasNextCommittedEntries(long maxUnappliedBytes) {
    return committed > applying && unstable.snapshot() == null
        && (maxUnappliedBytes <= 0 || unappliedBytes < maxUnappliedBytes);
  }

  /**
   * Committed entries after {@code applying}, bounded by {@code maxBytes} and by what is left of
   * {@code maxUnappliedBytes} (at least one entry whenever any may be handed); marks them as applying.
   */
  public List<Entry> takeNextCommittedEntries(long maxBytes, long maxUnappliedBytes) {
    if (!hasNextCommittedEntries(maxUnappliedBytes)) {
      return List.of();
    }
    long limit = maxUnappliedBytes <= 0 ? maxBytes : Math.min(maxBytes, maxUnappliedBytes - unappliedBytes);
    List<Entry> ents = slice(applying + 1, committed + 1, limit);
    if (!ents.isEmpty()) {
      applying = ents.get(ents.size() - 1).index();
      if (maxUnappliedBytes > 0) {
        long bytes = 0;
        for (Entry e : ents) {
          bytes += e.sizeBytes();
        }
        unappliedBatches.addLast(new long[] {applying, bytes});
        unappliedBytes += bytes;
      }
    }
    return ents;
  }

  /** The caller's state machine applied every entry up to {@code index}: frees their apply budget. */
  public void reportApplied(long index) {
    while (!unappliedBatches.isEmpty() && unappliedBatches.peekFirst()[0] <= index) {
      unappliedBytes -= unappliedBatches.pollFirst()[1];
    }
  }

  /** The caller finished the Ready whose committed entries ended at {@code index}. */
  public void appliedTo(long index) {
    if (index > applying) {
      throw new IllegalStateException("applied " + index + " beyond handed " + applying);
    }
    applied = Math.max(applied, index);
  }

  public void stableTo(long i, long t) {
    unstable.stableTo(i, t);
  }

  public void stableSnapTo(long i) {
    unstable.stableSnapTo(i);
  }

  /** Replaces the log with an incoming snapshot (§7): everything up to its index is committed and applied. */
  public void restore(SnapshotMetadata s) {
    committed = s.index();
    applying = s.index();
    unstable.restore(s);
  }

  /** Marks the snapshot restored by the caller as applied. */
  public void snapshotApplied(long index) {
    applied = Math.max(applied, index);
  }
}
