package io.raftkv.kv;

import io.raftkv.api.KeyValue;
import io.raftkv.api.Keys;
import io.raftkv.api.RangeResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * The key space and the global revision, without locking (its owner, {@link KvStateMachine}, serializes
 * access). Keys sort in UTF-8 byte order so prefix ranges are contiguous.
 *
 * <p>Only the latest version of each key is kept (no MVCC history): a node's memory is one
 * {@link StoredValue}, one key string and one value array per live key.
 *
 * <p>Invariant: every stored modRevision and createRevision is {@code <= revision}; {@code revision} never
 * decreases except through a restore.
 */
final class KeyTable {

  private final TreeMap<String, StoredValue> entries;

  /** The revision of the last write that changed the store; 0 for an empty, never-written store. */
  private long revision;

  KeyTable() {
    this(new TreeMap<>(Keys.UTF8_ORDER), 0);
  }

  KeyTable(TreeMap<String, StoredValue> entries, long revision) {
    this.entries = entries;
    this.revision = revision;
  }

  long revision() {
    return revision;
  }

  void setRevision(long revision) {
    if (revision < this.revision) {
      throw new IllegalStateException("revision must not go back: " + revision + " < " + this.revision);
    }
    this.revision = revision;
  }

  int size() {
    return entries.size();
  }

  StoredValue get(String key) {
    return entries.get(key);
  }

  /** Stores {@code value} under {@code key} as a write at {@code atRevision}; returns the new state. */
  StoredValue put(String key, byte[] value, long atRevision) {
    StoredValue old = entries.get(key);
    StoredValue next = old == null
        ? new StoredValue(value, atRevision, atRevision, 1)
        : new StoredValue(value, old.createRevision(), atRevision, old.version() + 1);
    entries.put(key, next);
    return next;
  }

  /** Removes {@code key}; returns its last state or {@code null} when it was absent. */
  StoredValue remove(String key) {
    return entries.remove(key);
  }

  /** Up to {@code limit} (0 = all) entries whose key starts with {@code prefix}, plus whether more match. */
  RangeResult range(String prefix, int limit, long atRevision) {
    List<KeyValue> out = new ArrayList<>();
    boolean more = false;
    for (Map.Entry<String, StoredValue> e : entries.tailMap(prefix, true).entrySet()) {
      if (!e.getKey().startsWith(prefix)) {
        break;
      }
      if (limit > 0 && out.size() == limit) {
        more = true;
        break;
      }
      out.add(e.getValue().toKeyValue(e.getKey()));
    }
    return new RangeResult(out, more, atRevision);
  }

  /** The live entries in key order; callers must not modify the map. */
  NavigableMap<String, StoredValue> view() {
    return entries;
  }
}
