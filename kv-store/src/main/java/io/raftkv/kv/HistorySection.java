package io.raftkv.kv;

import io.raftkv.api.Keys;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;

/**
 * The revision history of a store as a self-contained, versioned section of a snapshot: what a replica
 * restored from it needs so that reads at every kept revision, and watches from every kept revision,
 * answer exactly as on the replica that took it. Kept separate from the snapshot's framing
 * ({@link SnapshotCodec}: magic, checksum, lastApplied) so a streamed snapshot can carry the same section.
 *
 * <p>Layout (section version 1): a version byte {@code 0x01}, varint revision, varint compactRevision,
 * varint key count, then per key in UTF-8 order: key (varint length + UTF-8), varint version count, and per
 * version oldest first: a flag byte (0 live, 1 tombstone), varint modRevision, and for a live version its
 * value (varint length + bytes), varint createRevision and varint version.
 *
 * <p>{@link #read} checks every invariant of {@link KeyHistory} and {@link KeyTable} (ascending keys,
 * ascending modRevisions, revisions within range), so a corrupt section is refused, never restored.
 */
final class HistorySection {

  static final int SECTION_VERSION = 1;

  private HistorySection() {}

  /** The exact encoded size of {@code table}'s section, so the caller can size its buffer once. */
  static long size(KeyTable table) {
    long size = 1L + ByteWriter.varLongSize(table.revision()) + ByteWriter.varLongSize(table.compactRevision())
        + ByteWriter.varLongSize(table.histories().size());
    for (Map.Entry<String, KeyHistory> e : table.histories().entrySet()) {
      int keyLen = Keys.utf8Length(e.getKey());
      KeyHistory h = e.getValue();
      size += ByteWriter.varLongSize(keyLen) + keyLen + ByteWriter.varLongSize(h.size());
      for (int i = 0; i < h.size(); i++) {
        StoredValue v = h.get(i);
        size += 1 + ByteWriter.varLongSize(v.modRevision());
        if (!v.isTombstone()) {
          size += ByteWriter.varLongSize(v.value().length) + v.value().length
              + ByteWriter.varLongSize(v.createRevision()) + ByteWriter.varLongSize(v.version());
        }
      }
    }
    return size;
  }

  static void write(ByteWriter w, KeyTable table) {
    w.writeByte(SECTION_VERSION);
    w.writeVarLong(table.revision());
    w.writeVarLong(table.compactRevision());
    w.writeVarLong(table.histories().size());
    for (Map.Entry<String, KeyHistory> e : table.histories().entrySet()) {
      KeyHistory h = e.getValue();
      w.writeBytes(e.getKey().getBytes(StandardCharsets.UTF_8));
      w.writeVarLong(h.size());
      for (int i = 0; i < h.size(); i++) {
        StoredValue v = h.get(i);
        w.writeByte(v.isTombstone() ? 1 : 0);
        w.writeVarLong(v.modRevision());
        if (!v.isTombstone()) {
          w.writeBytes(v.value());
          w.writeVarLong(v.createRevision());
          w.writeVarLong(v.version());
        }
      }
    }
  }

  static KeyTable read(ByteReader r) {
    int version = r.readByte();
    if (version != SECTION_VERSION) {
      throw r.error("unsupported history section version " + version + " (this build reads " + SECTION_VERSION
          + ")");
    }
    long revision = r.readNonNegative("revision");
    long compactRevision = r.readNonNegative("compactRevision");
    if (compactRevision > revision) {
      throw r.error("compactRevision " + compactRevision + " is above revision " + revision);
    }
    int count = r.readCount("key");
    TreeMap<String, KeyHistory> keys = new TreeMap<>(Keys.UTF8_ORDER);
    String previous = null;
    for (int i = 0; i < count; i++) {
      String key = readKey(r, "key " + i, previous);
      int versions = r.readCount("version");
      if (versions < 1) {
        throw r.error("key " + i + ": no versions");
      }
      KeyHistory history = null;
      long lastMod = 0;
      for (int j = 0; j < versions; j++) {
        StoredValue v = readVersion(r, i, revision);
        if (v.modRevision() <= lastMod) {
          throw r.error("key " + i + ": modRevisions are not strictly ascending");
        }
        lastMod = v.modRevision();
        if (history == null) {
          history = new KeyHistory(v);
        } else {
          history.append(v);
        }
      }
      keys.put(key, history);
      previous = key;
    }
    return new KeyTable(keys, revision, compactRevision);
  }

  /** Reads a key and checks it is valid and sorts after {@code previous} (null for the first). */
  static String readKey(ByteReader r, String what, String previous) {
    String key = r.readString("key");
    try {
      Keys.requireValidKey(key);
    } catch (IllegalArgumentException e) {
      throw r.error(what + ": " + e.getMessage());
    }
    if (previous != null && Keys.UTF8_ORDER.compare(previous, key) >= 0) {
      throw r.error(what + ": keys are not strictly ascending");
    }
    return key;
  }

  private static StoredValue readVersion(ByteReader r, int keyIndex, long revision) {
    int flag = r.readByte();
    if (flag > 1) {
      throw r.error("key " + keyIndex + ": bad version flag " + flag);
    }
    long mod = r.readNonNegative("modRevision");
    if (mod < 1 || mod > revision) {
      throw r.error("key " + keyIndex + ": modRevision " + mod + " outside 1.." + revision);
    }
    if (flag == 1) {
      return StoredValue.tombstone(mod);
    }
    byte[] value = r.readBytes("value");
    long create = r.readNonNegative("createRevision");
    long ver = r.readNonNegative("version");
    if (create < 1 || create > mod || ver < 1) {
      throw r.error("key " + keyIndex + ": inconsistent revisions create=" + create + " mod=" + mod + " version="
          + ver);
    }
    return new StoredValue(value, create, mod, ver);
  }
}
