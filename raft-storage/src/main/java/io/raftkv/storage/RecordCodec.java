package io.raftkv.storage;

import io.raftkv.raft.proto.ConfState;
import io.raftkv.raft.proto.Entry;
import io.raftkv.raft.proto.EntryType;
import io.raftkv.raft.proto.HardState;
import io.raftkv.storage.WalRecord.BootstrapRecord;
import io.raftkv.storage.WalRecord.CompactRecord;
import io.raftkv.storage.WalRecord.EntryRecord;
import io.raftkv.storage.WalRecord.HardStateRecord;
import io.raftkv.storage.WalRecord.SegmentHeader;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Binary encoding of {@link WalRecord} bodies: a type byte followed by big-endian fields. Strings and byte
 * arrays are length-prefixed; membership sets are written sorted so equal states encode equally.
 * Decoding rejects anything malformed with {@link IllegalArgumentException} (the caller names the file).
 */
final class RecordCodec {

  private static final int SEGMENT_HEADER = 1;
  private static final int ENTRY = 2;
  private static final int HARD_STATE = 3;
  private static final int COMPACT = 4;
  private static final int BOOTSTRAP = 5;

  private static final EntryType[] ENTRY_TYPES = EntryType.values();

  private RecordCodec() {}

  /** Appends {@code record}, framed, to {@code out}; returns the frame length. */
  static int encode(WalRecord record, RecordBuffer out) {
    out.beginRecord();
    if (record instanceof SegmentHeader h) {
      out.putByte(SEGMENT_HEADER);
      putHardState(h.hardState(), out);
      out.putLong(h.compactIndex());
      out.putLong(h.compactTerm());
      out.putByte(h.bootstrap() == null ? 0 : 1);
      if (h.bootstrap() != null) {
        putConfState(h.bootstrap(), out);
      }
    } else if (record instanceof EntryRecord r) {
      Entry e = r.entry();
      out.putByte(ENTRY);
      out.putLong(e.term());
      out.putLong(e.index());
      out.putByte(e.type().ordinal());
      out.putBytes(e.data());
    } else if (record instanceof HardStateRecord r) {
      out.putByte(HARD_STATE);
      putHardState(r.hardState(), out);
    } else if (record instanceof CompactRecord r) {
      out.putByte(COMPACT);
      out.putLong(r.index());
      out.putLong(r.term());
      out.putByte(r.discardLog() ? 1 : 0);
    } else if (record instanceof BootstrapRecord r) {
      out.putByte(BOOTSTRAP);
      putConfState(r.confState(), out);
    } else {
      throw new AssertionError(record);
    }
    return out.endRecord();
  }

  /** Decodes one record body (the bytes after the frame header). */
  static WalRecord decode(byte[] buf, int off, int len) {
    ByteBuffer in = ByteBuffer.wrap(buf, off, len);
    try {
      int type = in.get();
      WalRecord record = switch (type) {
        case SEGMENT_HEADER -> {
          HardState hs = getHardState(in);
          long compactIndex = in.getLong();
          long compactTerm = in.getLong();
          ConfState bootstrap = in.get() != 0 ? getConfState(in) : null;
          yield new SegmentHeader(hs, compactIndex, compactTerm, bootstrap);
        }
        case ENTRY -> {
          long term = in.getLong();
          long index = in.getLong();
          int entryType = in.get();
          if (entryType < 0 || entryType >= ENTRY_TYPES.length) {
            throw new IllegalArgumentException("unknown entry type " + entryType);
          }
          yield new EntryRecord(new Entry(term, index, ENTRY_TYPES[entryType], getBytes(in)));
        }
        case HARD_STATE -> new HardStateRecord(getHardState(in));
        case COMPACT -> new CompactRecord(in.getLong(), in.getLong(), in.get() != 0);
        case BOOTSTRAP -> new BootstrapRecord(getConfState(in));
        default -> throw new IllegalArgumentException("unknown record type " + type);
      };
      if (in.hasRemaining()) {
        throw new IllegalArgumentException(in.remaining() + " trailing bytes in record");
      }
      return record;
    } catch (BufferUnderflowException e) {
      throw new IllegalArgumentException("record shorter than its fields", e);
    }
  }

  static void putConfState(ConfState c, RecordBuffer out) {
    putSet(c.voters(), out);
    putSet(c.learners(), out);
    putSet(c.votersOutgoing(), out);
    putSet(c.learnersNext(), out);
    out.putByte(c.autoLeave() ? 1 : 0);
  }

  static ConfState getConfState(ByteBuffer in) {
    Set<String> voters = getSet(in);
    Set<String> learners = getSet(in);
    Set<String> outgoing = getSet(in);
    Set<String> learnersNext = getSet(in);
    return new ConfState(voters, learners, outgoing, learnersNext, in.get() != 0);
  }

  private static void putHardState(HardState h, RecordBuffer out) {
    out.putLong(h.currentTerm());
    out.putString(h.votedFor());
    out.putLong(h.commitIndex());
  }

  private static HardState getHardState(ByteBuffer in) {
    long currentTerm = in.getLong();
    String votedFor = getString(in);
    long commitIndex = in.getLong();
    return new HardState(currentTerm, votedFor, commitIndex);
  }

  private static void putSet(Set<String> set, RecordBuffer out) {
    List<String> sorted = new ArrayList<>(set);
    sorted.sort(null);
    out.putInt(sorted.size());
    for (String s : sorted) {
      out.putString(s);
    }
  }

  private static Set<String> getSet(ByteBuffer in) {
    int n = in.getInt();
    if (n < 0 || n > in.remaining() / 4) {
      throw new IllegalArgumentException("bad set size " + n);
    }
    Set<String> set = new HashSet<>();
    for (int i = 0; i < n; i++) {
      String s = getString(in);
      if (s == null) {
        throw new IllegalArgumentException("null member id");
      }
      set.add(s);
    }
    return set;
  }

  private static String getString(ByteBuffer in) {
    int n = in.getInt();
    if (n == -1) {
      return null;
    }
    return new String(getN(in, n), StandardCharsets.UTF_8);
  }

  private static byte[] getBytes(ByteBuffer in) {
    return getN(in, in.getInt());
  }

  private static byte[] getN(ByteBuffer in, int n) {
    if (n < 0 || n > in.remaining()) {
      throw new IllegalArgumentException("bad length " + n);
    }
    byte[] b = new byte[n];
    in.get(b);
    return b;
  }
}
