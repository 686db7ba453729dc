package io.raftkv.raft.proto;

import java.util.Arrays;
import java.util.Objects;

/**
 * One log entry (§5.3): the term in which a leader created it, its position, and its payload.
 *
 * <p>A {@link EntryType#NORMAL} entry with empty data is the no-op a new leader appends (§8). A
 * {@link EntryType#CONF_CHANGE} entry's data is a {@link ConfChange} encoded by {@link ConfChange#toBytes()}.
 * The payload is never copied; callers must not mutate it after handing it over.
 */
public record Entry(long term, long index, EntryType type, byte[] data) {

  private static final byte[] EMPTY = new byte[0];

  public Entry {
    Objects.requireNonNull(type, "type");
    data = data == null ? EMPTY : data;
  }

  public static Entry normal(long term, long index, byte[] data) {
    return new Entry(term, index, EntryType.NORMAL, data);
  }

  /** Bytes this entry counts for size limits: payload plus a fixed header allowance. */
  public long sizeBytes() {
    return data.length + 24L;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Entry e
        && term == e.term
        && index == e.index
        && type == e.type
        && Arrays.equals(data, e.data);
  }

  @Override
  public int hashCode() {
    return Objects.hash(term, index, type, Arrays.hashCode(data));
  }

  @Override
  public String toString() {
    return "Entry{" + index + "@" + term + (type == EntryType.NORMAL ? "" : " " + type) + " " + data.length + "B}";
  }
}
