package io.raftkv.kv;

/**
 * The heap the store's state takes, estimated with the budget measured in docs/API.md ("Memory"): each kept
 * version costs {@link #VERSION_OVERHEAD} bytes plus its value, each key with kept history
 * {@link #KEY_OVERHEAD} bytes plus its length. An estimate, not a measurement, so that it is cheap and the
 * same on every replica; it errs high (the measured costs are about 145 and 90 bytes).
 *
 * <p>Owns three sums, kept by its owner {@link KeyTable} as versions come and go: {@code versionBytes} over
 * every kept version, {@code liveBytes} over each key's newest version when it is not a tombstone, and
 * {@code keyBytes} over the keys with kept history. Invariant: {@code 0 <= liveBytes <= versionBytes}; the
 * history (versions a read at the current revision does not need) is their difference.
 */
final class StoreBytes {

  static final int VERSION_OVERHEAD = 200;
  static final int KEY_OVERHEAD = 100;

  private long versionBytes;
  private long liveBytes;
  private long keyBytes;

  static long of(StoredValue v) {
    return VERSION_OVERHEAD + (v.isTombstone() ? 0 : v.value().length);
  }

  static long of(String key) {
    return KEY_OVERHEAD + key.length();
  }

  /** The most a put of {@code key} adds: a new version and, if the key is new, the key. */
  static long ofPut(String key, byte[] value) {
    return VERSION_OVERHEAD + value.length + of(key);
  }

  void keyAdded(String key) {
    keyBytes += of(key);
  }

  void keyRemoved(String key) {
    keyBytes -= of(key);
  }

  /** A version kept, replacing {@code replaced} (a second write to a key in one revision) or null. */
  void versionAdded(StoredValue v, StoredValue replaced) {
    versionBytes += of(v) - (replaced == null ? 0 : of(replaced));
  }

  void versionsDropped(long bytes) {
    versionBytes -= bytes;
  }

  /** A key's live state changed from {@code before} to {@code after} (either null when absent). */
  void liveChanged(StoredValue before, StoredValue after) {
    liveBytes += (after == null ? 0 : of(after)) - (before == null ? 0 : of(before));
  }

  /** Everything: keys, live values and history. */
  long total() {
    return versionBytes + keyBytes;
  }

  /** The kept versions that are not some key's live state (superseded versions and tombstones). */
  long history() {
    return versionBytes - liveBytes;
  }
}
