package io.raftkv.kv;

import java.util.Arrays;

/**
 * The kept revisions of one key, oldest first (etcd's keyIndex, holding the versions themselves since the
 * store is in memory). Unsynchronized; its owner {@link KeyTable} serializes access.
 *
 * <p>Invariant: {@code versions[0..size)} are in strictly ascending modRevision; the newest may be a
 * tombstone; a tombstone is never followed by another tombstone. After {@link #compact} at C the oldest
 * kept version is the key's state as of C (or the history is empty when the key was absent at C and has not
 * been written since), so every read at a revision {@code >= C} is answered exactly.
 */
final class KeyHistory {

  private StoredValue[] versions;
  private int size;

  KeyHistory(StoredValue first) {
    versions = new StoredValue[] {first};
    size = 1;
  }

  /** The newest version, possibly a tombstone; {@code null} when empty. */
  StoredValue latest() {
    return size == 0 ? null : versions[size - 1];
  }

  /** The live version as of {@code revision}, or {@code null} when absent then. */
  StoredValue at(long revision) {
    int i = indexAt(revision);
    if (i < 0) {
      return null;
    }
    StoredValue v = versions[i];
    return v.isTombstone() ? null : v;
  }

  /** The index of the newest version with modRevision {@code <= revision}, or -1. */
  private int indexAt(long revision) {
    int lo = 0;
    int hi = size - 1;
    int found = -1;
    while (lo <= hi) {
      int mid = (lo + hi) >>> 1;
      if (versions[mid].modRevision() <= revision) {
        found = mid;
        lo = mid + 1;
      } else {
        hi = mid - 1;
      }
    }
    return found;
  }

  /**
   * Adds the newest version. A second write in the same revision (two ops of one transaction on one key)
   * replaces the first: a revision has one state per key.
   *
   * @return the version replaced that way, or null
   */
  StoredValue append(StoredValue v) {
    StoredValue last = latest();
    if (last != null && v.modRevision() < last.modRevision()) {
      throw new IllegalStateException("revision " + v.modRevision() + " is older than " + last.modRevision());
    }
    if (last != null && last.modRevision() == v.modRevision()) {
      versions[size - 1] = v;
      return last;
    }
    if (size == versions.length) {
      versions = Arrays.copyOf(versions, size < 4 ? size + 1 : size + (size >> 1));
    }
    versions[size++] = v;
    return null;
  }

  /**
   * Drops what no read at a revision {@code >= compactRevision} needs: every version older than the newest
   * one at or below it, and that one too when it is a tombstone older than {@code compactRevision} (the
   * tombstone at exactly {@code compactRevision} stays, since a watch from there must see the delete).
   *
   * @return the {@link StoreBytes} of the versions dropped
   */
  long compact(long compactRevision) {
    int keep = indexAt(compactRevision);
    if (keep < 0) {
      return 0;
    }
    if (versions[keep].isTombstone() && versions[keep].modRevision() < compactRevision) {
      keep++;
    }
    long dropped = 0;
    for (int i = 0; i < keep; i++) {
      dropped += StoreBytes.of(versions[i]);
    }
    if (keep > 0) {
      versions = Arrays.copyOfRange(versions, keep, size);
      size -= keep;
    }
    return dropped;
  }

  /** The version just before the one written at {@code revision}, or null (none kept, or none written then). */
  StoredValue before(long revision) {
    int i = indexAt(revision);
    return i > 0 && versions[i].modRevision() == revision ? versions[i - 1] : null;
  }

  int size() {
    return size;
  }

  StoredValue get(int i) {
    return versions[i];
  }
}
