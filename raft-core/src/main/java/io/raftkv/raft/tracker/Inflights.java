package io.raftkv.raft.tracker;

/**
 * The bounded window of AppendEntries sent to one follower but not yet acknowledged (etcd's inflights):
 * a ring buffer of the last index of each message. When full, the leader pauses sending to that
 * follower, which bounds the memory and bandwidth a slow follower can take.
 *
 * <p>Invariant: {@code 0 <= count <= capacity}; the indexes held are ascending from {@code start}.
 */
public final class Inflights {

  private final int capacity;
  private long[] buffer;
  private int start;
  private int count;

  public Inflights(int capacity) {
    if (capacity <= 0) {
      throw new IllegalArgumentException("capacity must be > 0");
    }
    this.capacity = capacity;
    this.buffer = new long[Math.min(capacity, 16)];
  }

  /** Records a message whose last entry is {@code index}; indexes must be added in ascending order. */
  public void add(long index) {
    if (full()) {
      throw new IllegalStateException("cannot add into a full inflights window");
    }
    if (count == buffer.length) {
      grow();
    }
    int next = start + count;
    if (next >= buffer.length) {
      next -= buffer.length;
    }
    buffer[next] = index;
    count++;
  }

  private void grow() {
    int newSize = Math.min(capacity, buffer.length * 2);
    long[] nb = new long[newSize];
    for (int i = 0; i < count; i++) {
      nb[i] = buffer[(start + i) % buffer.length];
    }
    buffer = nb;
    start = 0;
  }

  /** Frees every message whose last index is {@code <= to} (they were acknowledged). */
  public void freeLE(long to) {
    if (count == 0 || to < buffer[start]) {
      return;
    }
    int idx = start;
    int i = 0;
    while (i < count) {
      if (to < buffer[idx]) {
        break;
      }
      idx++;
      if (idx >= buffer.length) {
        idx -= buffer.length;
      }
      i++;
    }
    count -= i;
    start = idx;
    if (count == 0) {
      start = 0;
    }
  }

  /** Frees the oldest message (used when a heartbeat shows the peer alive while the window is full). */
  public void freeFirstOne() {
    if (count > 0) {
      freeLE(buffer[start]);
    }
  }

  public boolean full() {
    return count == capacity;
  }

  public int count() {
    return count;
  }

  public int capacity() {
    return capacity;
  }

  public void reset() {
    count = 0;
    start = 0;
  }
}
