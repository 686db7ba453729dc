package io.raftkv.storage;

import io.raftkv.raft.proto.Entry;
import io.raftkv.raft.proto.EntryType;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/** Entries whose payload encodes their own index and term, so any read can be checked for tearing. */
final class TestEntries {

  private TestEntries() {}

  static Entry entry(long index, long term, int size) {
    byte[] data = new byte[Math.max(size, 16)];
    ByteBuffer.wrap(data).putLong(index).putLong(term);
    for (int i = 16; i < data.length; i++) {
      data[i] = (byte) (index * 31 + term * 7 + i);
    }
    return new Entry(term, index, index % 7 == 0 ? EntryType.CONF_CHANGE : EntryType.NORMAL, data);
  }

  static List<Entry> batch(long first, int count, long term, int size) {
    List<Entry> out = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      out.add(entry(first + i, term, size));
    }
    return out;
  }

  /** Whether {@code e} is exactly what {@link #entry} made for its index and term. */
  static boolean selfConsistent(Entry e) {
    return e.equals(entry(e.index(), e.term(), e.data().length));
  }
}
