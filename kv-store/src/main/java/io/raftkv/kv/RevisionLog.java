package io.raftkv.kv;

import java.util.Arrays;
import java.util.List;

/**
 * The kept revisions in revision order, each with the keys it changed (etcd's revision-keyed backend): what
 * a watch replays from history and what compaction walks to find the keys it may shrink. Unsynchronized;
 * its owner {@link KeyTable} serializes access.
 *
 * <p>Invariant: the entries hold consecutive revisions {@code first, first + 1, ..., last}, each with at
 * least one change, because every revision of the store changed at least one key (etcd's revision rule);
 * an entry's values are the same objects the {@link KeyHistory}s hold, so the log costs references, not
 * copies of values.
 */
final class RevisionLog {

  /**
   * The changes of one revision, in the order the command made them; one state per key. Most revisions
   * change one key, so a single change is held without arrays (48 bytes less per revision).
   */
  static final class Entry {

    private final long revision;
    /** A String for one change, else a String[]. */
    private final Object keys;
    /** A StoredValue for one change, else a StoredValue[]. */
    private final Object values;

    Entry(long revision, List<String> keys, List<StoredValue> values) {
      this.revision = revision;
      this.keys = keys.size() == 1 ? keys.get(0) : keys.toArray(new String[0]);
      this.values = values.size() == 1 ? values.get(0) : values.toArray(new StoredValue[0]);
    }

    long revision() {
      return revision;
    }

    int size() {
      return keys instanceof String ? 1 : ((String[]) keys).length;
    }

    String key(int i) {
      return keys instanceof String k ? k : ((String[]) keys)[i];
    }

    StoredValue value(int i) {
      return values instanceof StoredValue v ? v : ((StoredValue[]) values)[i];
    }
  }

  private Entry[] ring = new Entry[16];
  private int head;
  private int size;

  /** Appends the next revision's changes. */
  void append(long revision, List<String> keys, List<StoredValue> values) {
    if (size > 0 && revision != last() + 1) {
      throw new IllegalStateException("revision " + revision + " does not follow " + last());
    }
    if (size == ring.length) {
      Entry[] grown = new Entry[ring.length * 2];
      for (int i = 0; i < size; i++) {
        grown[i] = ring[(head + i) % ring.length];
      }
      ring = grown;
      head = 0;
    }
    ring[(head + size) % ring.length] = new Entry(revision, keys, values);
    size++;
  }

  boolean isEmpty() {
    return size == 0;
  }

  /** The oldest kept revision; only when not empty. */
  long first() {
    return ring[head].revision();
  }

  /** The newest revision; only when not empty. */
  long last() {
    return ring[(head + size - 1) % ring.length].revision();
  }

  /** The entry of {@code revision}, or {@code null} when it is not kept. */
  Entry get(long revision) {
    if (size == 0 || revision < first() || revision > last()) {
      return null;
    }
    return ring[(head + (int) (revision - first())) % ring.length];
  }

  /** Removes and returns the oldest entry if its revision is below {@code revision}, else {@code null}. */
  Entry pollBelow(long revision) {
    if (size == 0 || first() >= revision) {
      return null;
    }
    Entry e = ring[head];
    ring[head] = null;
    head = (head + 1) % ring.length;
    size--;
    if (size == 0) {
      head = 0;
    }
    if (ring.length > 16 && size < ring.length / 4) {
      shrink();
    }
    return e;
  }

  private void shrink() {
    Entry[] smaller = new Entry[Math.max(16, ring.length / 2)];
    for (int i = 0; i < size; i++) {
      smaller[i] = ring[(head + i) % ring.length];
    }
    Arrays.fill(ring, null);
    ring = smaller;
    head = 0;
  }

  int size() {
    return size;
  }
}
