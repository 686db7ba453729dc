package io.raftkv.kv;

import io.raftkv.api.Compare;
import io.raftkv.api.KeyRange;
import io.raftkv.api.Op;
import io.raftkv.api.Precondition;
import java.util.ArrayList;
import java.util.List;

/**
 * The binary form of a {@link KvCommand}: the payload of a Raft log entry, so it must stay readable by every
 * later version of the code.
 *
 * <p>Layout (v1): a version byte {@code 0x01}, a type byte (1 put, 2 delete, 3 txn, 4 deleteRange,
 * 5 compact), then the fields. Types 4 and 5, and op 5, were added to v1 without a version bump: every
 * entry an older build wrote decodes as before, and an older build refuses the new tags as an unknown type
 * rather than misreading them (so a cluster must run the newer build everywhere before using them).
 * Integers are unsigned LEB128 varints (compare operands zigzag); strings are UTF-8 and bytes are
 * varint-length-prefixed.
 * <pre>
 * put    = key value precondition
 * delete = key precondition
 * txn    = count(compare*) compare* count(op*) op* count(op*) op*     (success ops, then failure ops)
 * deleteRange = range                                                 (type 4)
 * range = kind(0 key,1 prefix,2 interval) start hasEnd(0|1) [end]
 * compact = varint(revision)                                            (type 5)
 * precondition = 0 (none) | 1 varint(modRevision) (if-match) | 2 (if-absent)
 * compare = key target(0 value,1 version,2 createRevision,3 modRevision) result(0 eq,1 ne,2 gt,3 lt)
 *           (bytes if target is value, else zigzag varint)
 * op = 1 key value (put) | 2 key (delete) | 3 key (get) | 4 prefix varint(limit) (range)
 *    | 5 range prevKv(0|1) (deleteRange: a prefix or an interval)
 * </pre>
 * {@link #decode} rejects anything else, including trailing bytes, with a {@link KvCodecException}.
 *
 * <p>The tags are spelled out here ({@link #TARGETS}, {@link #RESULTS}), never taken from the order of the
 * API's enums, so reordering kv-api's constants cannot change what old log entries mean;
 * {@code KvCommandCodecGoldenTest} pins the bytes.
 */
public final class KvCommandCodec {

  /** The version written by {@link #encode}; bump it, and keep decoding the old one, when the layout changes. */
  public static final int FORMAT_VERSION = 1;

  private static final int PUT = 1;
  private static final int DELETE = 2;
  private static final int TXN = 3;
  private static final int DELETE_RANGE = 4;
  private static final int COMPACT = 5;

  /** Key range kinds by their tag in the log format. */
  private static final KeyRange.Kind[] RANGE_KINDS = {KeyRange.Kind.KEY, KeyRange.Kind.PREFIX, KeyRange.Kind.INTERVAL};

  private static final int OP_PUT = 1;
  private static final int OP_DELETE = 2;
  private static final int OP_GET = 3;
  private static final int OP_RANGE = 4;
  private static final int OP_DELETE_RANGE = 5;

  /** Compare targets by their tag in the log format. */
  private static final Compare.Target[] TARGETS = {
      Compare.Target.VALUE, Compare.Target.VERSION, Compare.Target.CREATE_REVISION, Compare.Target.MOD_REVISION};
  /** Compare results by their tag in the log format. */
  private static final Compare.Result[] RESULTS = {
      Compare.Result.EQUAL, Compare.Result.NOT_EQUAL, Compare.Result.GREATER, Compare.Result.LESS};

  private KvCommandCodec() {}

  public static byte[] encode(KvCommand cmd) {
    ByteWriter w = new ByteWriter(64);
    w.writeByte(FORMAT_VERSION);
    if (cmd instanceof KvCommand.Put p) {
      w.writeByte(PUT);
      w.writeString(p.key());
      w.writeBytes(p.value());
      writePrecondition(w, p.precondition());
    } else if (cmd instanceof KvCommand.Delete d) {
      w.writeByte(DELETE);
      w.writeString(d.key());
      writePrecondition(w, d.precondition());
    } else if (cmd instanceof KvCommand.Txn t) {
      w.writeByte(TXN);
      w.writeVarLong(t.compares().size());
      for (Compare c : t.compares()) {
        w.writeString(c.key());
        w.writeByte(tag(TARGETS, c.target()));
        w.writeByte(tag(RESULTS, c.result()));
        if (c.target() == Compare.Target.VALUE) {
          w.writeBytes(c.value());
        } else {
          w.writeSignedVarLong(c.number());
        }
      }
      writeOps(w, t.success());
      writeOps(w, t.failure());
    } else if (cmd instanceof KvCommand.DeleteRange d) {
      w.writeByte(DELETE_RANGE);
      writeRange(w, d.range());
    } else if (cmd instanceof KvCommand.Compact c) {
      w.writeByte(COMPACT);
      w.writeVarLong(c.revision());
    } else {
      throw new IllegalArgumentException("unknown command " + cmd);
    }
    return w.toByteArray();
  }

  /** Decodes what {@link #encode} wrote; throws {@link KvCodecException} on anything else. */
  public static KvCommand decode(byte[] bytes) {
    if (bytes == null || bytes.length == 0) {
      throw new KvCodecException("kv command: empty payload");
    }
    ByteReader r = new ByteReader(bytes, bytes.length, "kv command");
    int version = r.readByte();
    if (version != FORMAT_VERSION) {
      throw r.error("unsupported format version " + version + " (this build reads " + FORMAT_VERSION + ")");
    }
    try {
      KvCommand cmd = readCommand(r);
      r.expectEnd();
      return cmd;
    } catch (KvCodecException e) {
      throw e;
    } catch (IllegalArgumentException e) {
      // A record constructor rejected a decoded field (an invalid key, a bad limit).
      throw new KvCodecException("kv command: invalid field: " + e.getMessage(), e);
    }
  }

  private static KvCommand readCommand(ByteReader r) {
    int type = r.readByte();
    switch (type) {
      case PUT: {
        String key = r.readString("key");
        byte[] value = r.readBytes("value");
        return new KvCommand.Put(key, value, readPrecondition(r));
      }
      case DELETE: {
        String key = r.readString("key");
        return new KvCommand.Delete(key, readPrecondition(r));
      }
      case TXN: {
        int n = r.readCount("compare");
        List<Compare> compares = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
          compares.add(readCompare(r));
        }
        List<Op> success = readOps(r, "success op");
        List<Op> failure = readOps(r, "failure op");
        return new KvCommand.Txn(compares, success, failure);
      }
      case DELETE_RANGE:
        return new KvCommand.DeleteRange(readRange(r));
      case COMPACT:
        return new KvCommand.Compact(r.readNonNegative("compaction revision"));
      default:
        throw r.error("unknown command type " + type);
    }
  }

  private static void writeRange(ByteWriter w, KeyRange range) {
    w.writeByte(tag(RANGE_KINDS, range.kind()));
    w.writeString(range.start());
    w.writeByte(range.end() == null ? 0 : 1);
    if (range.end() != null) {
      w.writeString(range.end());
    }
  }

  private static KeyRange readRange(ByteReader r) {
    int kind = r.readByte();
    if (kind >= RANGE_KINDS.length) {
      throw r.error("unknown range kind " + kind);
    }
    String start = r.readString("range start");
    String end = readFlag(r, "range end") ? r.readString("range end") : null;
    return new KeyRange(RANGE_KINDS[kind], start, end);
  }

  /** A 0|1 byte; anything else is corrupt. */
  private static boolean readFlag(ByteReader r, String what) {
    int flag = r.readByte();
    if (flag > 1) {
      throw r.error("bad " + what + " flag " + flag);
    }
    return flag == 1;
  }

  private static void writePrecondition(ByteWriter w, Precondition p) {
    if (p instanceof Precondition.None) {
      w.writeByte(0);
    } else if (p instanceof Precondition.IfMatch m) {
      w.writeByte(1);
      w.writeSignedVarLong(m.modRevision());
    } else {
      w.writeByte(2);
    }
  }

  private static Precondition readPrecondition(ByteReader r) {
    int tag = r.readByte();
    switch (tag) {
      case 0:
        return Precondition.NONE;
      case 1:
        return Precondition.ifMatch(r.readSignedVarLong());
      case 2:
        return Precondition.ifAbsent();
      default:
        throw r.error("unknown precondition " + tag);
    }
  }

  private static <T> int tag(T[] table, T value) {
    for (int i = 0; i < table.length; i++) {
      if (table[i] == value) {
        return i;
      }
    }
    throw new IllegalArgumentException("no log tag for " + value);
  }

  private static Compare readCompare(ByteReader r) {
    String key = r.readString("compare key");
    int target = r.readByte();
    int result = r.readByte();
    if (target >= TARGETS.length) {
      throw r.error("unknown compare target " + target);
    }
    if (result >= RESULTS.length) {
      throw r.error("unknown compare result " + result);
    }
    if (TARGETS[target] == Compare.Target.VALUE) {
      return new Compare(key, Compare.Target.VALUE, RESULTS[result], 0, r.readBytes("compare value"));
    }
    return new Compare(key, TARGETS[target], RESULTS[result], r.readSignedVarLong(), null);
  }

  private static void writeOps(ByteWriter w, List<Op> ops) {
    w.writeVarLong(ops.size());
    for (Op op : ops) {
      if (op instanceof Op.Put p) {
        w.writeByte(OP_PUT);
        w.writeString(p.key());
        w.writeBytes(p.value());
      } else if (op instanceof Op.Delete d) {
        w.writeByte(OP_DELETE);
        w.writeString(d.key());
      } else if (op instanceof Op.Get g) {
        w.writeByte(OP_GET);
        w.writeString(g.key());
      } else if (op instanceof Op.Range rg) {
        w.writeByte(OP_RANGE);
        w.writeString(rg.prefix());
        w.writeVarLong(rg.limit());
      } else if (op instanceof Op.DeleteRange dr) {
        w.writeByte(OP_DELETE_RANGE);
        writeRange(w, dr.range());
        w.writeByte(dr.prevKv() ? 1 : 0);
      } else {
        throw new IllegalArgumentException("unknown op " + op);
      }
    }
  }

  private static List<Op> readOps(ByteReader r, String field) {
    int n = r.readCount(field);
    List<Op> ops = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      int tag = r.readByte();
      switch (tag) {
        case OP_PUT:
          ops.add(new Op.Put(r.readString("op key"), r.readBytes("op value")));
          break;
        case OP_DELETE:
          ops.add(new Op.Delete(r.readString("op key")));
          break;
        case OP_GET:
          ops.add(new Op.Get(r.readString("op key")));
          break;
        case OP_RANGE:
          String prefix = r.readString("range prefix");
          long limit = r.readVarLong();
          if (limit < 0 || limit > Integer.MAX_VALUE) {
            throw r.error("range limit out of bounds: " + limit);
          }
          ops.add(new Op.Range(prefix, (int) limit));
          break;
        case OP_DELETE_RANGE:
          KeyRange range = readRange(r);
          ops.add(new Op.DeleteRange(range, readFlag(r, "prevKv")));
          break;
        default:
          throw r.error("unknown " + field + " type " + tag);
      }
    }
    return ops;
  }
}
