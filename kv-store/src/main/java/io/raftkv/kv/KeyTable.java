package io.raftkv.kv;

import io.raftkv.api.KeyRange;
import io.raftkv.api.KeyValue;
import io.raftkv.api.Keys;
import io.raftkv.api.RangeResult;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * The key space with its revision history (etcd's MVCC store, in memory), without locking: its owner,
 * {@link KvStateMachine}, serializes access. Keys sort in UTF-8 byte order so prefix ranges are contiguous.
 *
 * <p>Two views of one history: {@link #keys} (per key, its {@link KeyHistory}: etcd's key index) answers
 * reads at any kept revision; {@link #log} (per revision, the keys it changed) feeds watchers and tells
 * compaction which keys to shrink. Every revision of every key is kept until {@link #compact}.
 *
 * <p>A command's changes collect in {@link #pending} and become one log entry in {@link #setRevision}, so
 * all changes of a transaction are one revision in both views.
 *
 * <p>Invariants: every stored revision is {@code <= revision}; {@code compactRevision <= revision};
 * {@code revision} and {@code compactRevision} never decrease except through a restore; the log holds
 * exactly the revisions {@code max(compactRevision, 1)..revision} (none when the store was never written);
 * {@code live} is the number of keys whose newest version is not a tombstone; {@link #bytes} sums exactly the
 * versions and keys held.
 */
final class KeyTable {

  private final TreeMap<String, KeyHistory> keys;
  private final RevisionLog log = new RevisionLog();
  private final Map<String, StoredValue> pending = new LinkedHashMap<>();
  private final StoreBytes bytes = new StoreBytes();

  /** The revision of the last write that changed the store; 0 for an empty, never-written store. */
  private long revision;
  /** Reads below this revision are refused (etcd's compactMainRev); 0 = nothing compacted. */
  private long compactRevision;
  private int live;

  KeyTable() {
    this(new TreeMap<>(Keys.UTF8_ORDER), 0, 0);
  }

  /**
   * A table over restored histories; rebuilds the revision log from them (every version at or above the
   * compaction point is in exactly one key's history).
   */
  KeyTable(TreeMap<String, KeyHistory> keys, long revision, long compactRevision) {
    this.keys = keys;
    this.revision = revision;
    this.compactRevision = compactRevision;
    TreeMap<Long, List<Map.Entry<String, StoredValue>>> byRevision = new TreeMap<>();
    for (Map.Entry<String, KeyHistory> e : keys.entrySet()) {
      KeyHistory h = e.getValue();
      bytes.keyAdded(e.getKey());
      for (int i = 0; i < h.size(); i++) {
        StoredValue v = h.get(i);
        bytes.versionAdded(v, null);
        if (v.modRevision() >= compactRevision) {
          byRevision.computeIfAbsent(v.modRevision(), r -> new ArrayList<>()).add(Map.entry(e.getKey(), v));
        }
      }
      StoredValue latest = h.latest();
      if (latest != null && !latest.isTombstone()) {
        live++;
        bytes.liveChanged(null, latest);
      }
    }
    for (Map.Entry<Long, List<Map.Entry<String, StoredValue>>> r : byRevision.entrySet()) {
      List<String> ks = new ArrayList<>();
      List<StoredValue> vs = new ArrayList<>();
      for (Map.Entry<String, StoredValue> c : r.getValue()) {
        ks.add(c.getKey());
        vs.add(c.getValue());
      }
      log.append(r.getKey(), ks, vs);
    }
  }

  long revision() {
    return revision;
  }

  long compactRevision() {
    return compactRevision;
  }

  /** Ends the command that changed the store: its changes become revision {@code revision}. */
  void setRevision(long revision) {
    if (revision < this.revision) {
      throw new IllegalStateException("revision must not go back: " + revision + " < " + this.revision);
    }
    if (revision > this.revision && !pending.isEmpty()) {
      log.append(revision, List.copyOf(pending.keySet()), List.copyOf(pending.values()));
      pending.clear();
    }
    this.revision = revision;
  }

  /** The number of live keys. */
  int size() {
    return live;
  }

  /** The current state of {@code key}, or {@code null} when absent. */
  StoredValue get(String key) {
    KeyHistory h = keys.get(key);
    StoredValue v = h == null ? null : h.latest();
    return v == null || v.isTombstone() ? null : v;
  }

  /** Stores {@code value} under {@code key} as a write at {@code atRevision}; returns the new state. */
  StoredValue put(String key, byte[] value, long atRevision) {
    StoredValue old = get(key);
    StoredValue next = old == null
        ? new StoredValue(value, atRevision, atRevision, 1)
        : new StoredValue(value, old.createRevision(), atRevision, old.version() + 1);
    record(key, next);
    bytes.liveChanged(old, next);
    if (old == null) {
      live++;
    }
    return next;
  }

  /** Deletes {@code key} at {@code atRevision}; returns its last state or {@code null} when it was absent. */
  StoredValue remove(String key, long atRevision) {
    StoredValue old = get(key);
    if (old != null) {
      record(key, StoredValue.tombstone(atRevision));
      bytes.liveChanged(old, null);
      live--;
    }
    return old;
  }

  private void record(String key, StoredValue v) {
    KeyHistory h = keys.get(key);
    if (h == null) {
      keys.put(key, new KeyHistory(v));
      bytes.keyAdded(key);
      bytes.versionAdded(v, null);
    } else {
      bytes.versionAdded(v, h.append(v));
    }
    pending.put(key, v);
  }

  /** The live keys of {@code range} now, in key order (for a range delete). */
  List<String> liveKeys(KeyRange range) {
    List<String> out = new ArrayList<>();
    for (Map.Entry<String, KeyHistory> e : keys.tailMap(range.start(), true).entrySet()) {
      if (range.pastEnd(e.getKey())) {
        break;
      }
      StoredValue v = e.getValue().latest();
      if (range.contains(e.getKey()) && !v.isTombstone()) {
        out.add(e.getKey());
      }
    }
    return out;
  }

  /** The state of {@code key} as of {@code atRevision} (which the caller checked is kept), or {@code null}. */
  StoredValue getAt(String key, long atRevision) {
    KeyHistory h = keys.get(key);
    return h == null ? null : h.at(atRevision);
  }

  /**
   * Up to {@code limit} (0 = all) key-values of {@code range} after {@code after} (null = from the start) as
   * of {@code atRevision}, plus whether more match; with {@code countOnly}, just their number.
   */
  RangeResult range(KeyRange range, String after, int limit, long atRevision, boolean keysOnly,
      boolean countOnly) {
    NavigableMap<String, KeyHistory> tail = after != null && Keys.UTF8_ORDER.compare(after, range.start()) >= 0
        ? keys.tailMap(after, false) : keys.tailMap(range.start(), true);
    List<KeyValue> out = new ArrayList<>();
    boolean more = false;
    long count = 0;
    for (Map.Entry<String, KeyHistory> e : tail.entrySet()) {
      String key = e.getKey();
      if (range.pastEnd(key)) {
        break;
      }
      StoredValue v = atRevision == revision ? liveLatest(e.getValue()) : e.getValue().at(atRevision);
      if (v == null || !range.contains(key)) {
        continue;
      }
      if (countOnly) {
        count++;
        continue;
      }
      if (limit > 0 && out.size() == limit) {
        more = true;
        break;
      }
      out.add(keysOnly ? new KeyValue(key, new byte[0], v.createRevision(), v.modRevision(), v.version())
          : v.toKeyValue(key));
    }
    return new RangeResult(out, more, atRevision, countOnly ? count : -1, keysOnly);
  }

  private static StoredValue liveLatest(KeyHistory h) {
    StoredValue v = h.latest();
    return v == null || v.isTombstone() ? null : v;
  }

  /** Up to {@code limit} (0 = all) current entries whose key starts with {@code prefix} (a txn's range). */
  RangeResult range(String prefix, int limit, long atRevision) {
    RangeResult r = range(KeyRange.prefix(prefix), null, limit, revision, false, false);
    return new RangeResult(r.kvs(), r.more(), atRevision);
  }

  /**
   * Forgets history below {@code atRevision} (which the caller checked is in {@code compactRevision..revision}):
   * shrinks the histories of the keys changed by the log entries below it and by the entry at it (only those
   * can hold versions that are no longer needed: the version a change at or below {@code atRevision}
   * replaced), drops the entries below it, and drops the keys left with no version.
   */
  void compact(long atRevision) {
    if (atRevision <= compactRevision) {
      return;
    }
    RevisionLog.Entry e;
    while ((e = log.pollBelow(atRevision)) != null) {
      shrink(e, atRevision);
    }
    RevisionLog.Entry at = log.get(atRevision);
    if (at != null) {
      shrink(at, atRevision);
    }
    compactRevision = atRevision;
  }

  private void shrink(RevisionLog.Entry e, long atRevision) {
    for (int i = 0; i < e.size(); i++) {
      String key = e.key(i);
      KeyHistory h = keys.get(key);
      if (h == null) {
        continue;
      }
      bytes.versionsDropped(h.compact(atRevision));
      if (h.size() == 0) {
        keys.remove(key);
        bytes.keyRemoved(key);
      }
    }
  }

  /** The estimated heap of everything held: keys, live values and history ({@link StoreBytes}). */
  long storeBytes() {
    return bytes.total();
  }

  /** The estimated heap of the history: kept versions that are no key's live state. */
  long historyBytes() {
    return bytes.history();
  }

  /**
   * The lowest revision whose compaction brings {@link #historyBytes} to at most {@code maxHistoryBytes}
   * (the current revision if none does), or 0 when it is already within or nothing is left to compact (the
   * store is compacted at its current revision; what remains is the state there). Compacting at C drops
   * exactly what {@link KeyHistory#compact} drops: every tombstone older than C, and for each change at a
   * revision in {@code (compactRevision, C]} the live version of its key before it.
   */
  long compactionTargetFor(long maxHistoryBytes) {
    long excess = bytes.history() - maxHistoryBytes;
    if (excess <= 0 || revision <= compactRevision) {
      return 0;
    }
    // The tombstones at exactly the compaction point are kept (a watch from there sees the deletes).
    long freed = tombstoneBytes(log.get(compactRevision));
    for (long r = compactRevision + 1; r <= revision; r++) {
      RevisionLog.Entry e = log.get(r);
      for (int i = 0; i < e.size(); i++) {
        StoredValue before = keys.get(e.key(i)).before(r);
        if (before != null && !before.isTombstone()) {
          freed += StoreBytes.of(before);
        }
      }
      if (freed >= excess) {
        return r;
      }
      freed += tombstoneBytes(e);
    }
    return revision;
  }

  private static long tombstoneBytes(RevisionLog.Entry e) {
    long sum = 0;
    for (int i = 0; e != null && i < e.size(); i++) {
      if (e.value(i).isTombstone()) {
        sum += StoreBytes.of(e.value(i));
      }
    }
    return sum;
  }

  /** The changes of {@code atRevision}, or {@code null} when it is not kept (compacted or not yet written). */
  RevisionLog.Entry changesAt(long atRevision) {
    return log.get(atRevision);
  }

  /** Every key with kept history, in key order; callers must not modify the map. */
  NavigableMap<String, KeyHistory> histories() {
    return keys;
  }

  /** The number of kept revisions across all keys (for measurements and tests). */
  long keptVersions() {
    long n = 0;
    for (KeyHistory h : keys.values()) {
      n += h.size();
    }
    return n;
  }
}
