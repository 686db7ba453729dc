package io.raftkv.kv;

import io.raftkv.api.Keys;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * The revision history of a store as a self-contained, versioned section of a snapshot: what a replica
 * restored from it needs so that reads at every kept revision, and watches from every kept revision,
 * answer exactly as on the replica that took it. Kept separate from the snapshot's framing
 * ({@link SnapshotCodec}: magic, checksum, lastApplied). Written and read as a stream, one key at a time.
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

  /** Receives each piece of the section as it is encoded (a snapshot stream, with its checksum). */
  interface Sink {
    /** Takes {@code w}'s bytes and resets it. */
    void flush(ByteWriter w) throws IOException;
  }

  /**
   * Streams {@code table}'s section through {@code w}, flushing after the header and after each key, so the
   * buffer holds at most one key's history at a time.
   */
  static void write(ByteWriter w, KeyTable table, Sink sink) throws IOException {
    w.writeByte(SECTION_VERSION);
    w.writeVarLong(table.revision());
    w.writeVarLong(table.compactRevision());
    w.writeVarLong(table.histories().size());
    sink.flush(w);
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
      sink.flush(w);
    }
  }

  /** What a section holds: the revision it is as of, its compaction point, and how many keys are live. */
  record Header(long revision, long compactRevision, long liveKeys) {}

  /**
   * Reads a section from {@code r}, handing each key's history to {@code keys} in key order, and returns
   * its header; the caller trusts nothing it was handed unless the snapshot's checksum then matches.
   */
  static Header read(SnapshotInput r, BiConsumer<String, KeyHistory> keys) throws IOException {
    int version = r.readByte();
    if (version != SECTION_VERSION) {
      throw r.error("unsupported history section version " + version + " (this build reads " + SECTION_VERSION
          + ")");
    }
    long revision = r.readVarLong("revision");
    long compactRevision = r.readVarLong("compactRevision");
    if (compactRevision > revision) {
      throw r.error("compactRevision " + compactRevision + " is above revision " + revision);
    }
    long count = r.readVarLong("key count");
    String previous = null;
    long live = 0;
    for (long i = 0; i < count; i++) {
      String key = readKey(r, "key " + i, previous);
      long versions = r.readVarLong("version count");
      if (versions < 1 || versions > revision) {
        throw r.error("key " + i + ": " + versions + " versions in a store at revision " + revision);
      }
      KeyHistory history = null;
      long lastMod = 0;
      for (long j = 0; j < versions; j++) {
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
      if (!history.get(history.size() - 1).isTombstone()) {
        live++;
      }
      keys.accept(key, history);
      previous = key;
    }
    return new Header(revision, compactRevision, live);
  }

  /** Reads a key and checks it is valid and sorts after {@code previous} (null for the first). */
  static String readKey(SnapshotInput r, String what, String previous) throws IOException {
    String key = r.readString("key", Keys.MAX_KEY_BYTES);
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

  private static StoredValue readVersion(SnapshotInput r, long keyIndex, long revision) throws IOException {
    int flag = r.readByte();
    if (flag > 1) {
      throw r.error("key " + keyIndex + ": bad version flag " + flag);
    }
    long mod = r.readVarLong("modRevision");
    if (mod < 1 || mod > revision) {
      throw r.error("key " + keyIndex + ": modRevision " + mod + " outside 1.." + revision);
    }
    if (flag == 1) {
      return StoredValue.tombstone(mod);
    }
    byte[] value = r.readBytes("value", SnapshotCodec.MAX_VALUE_BYTES);
    long create = r.readVarLong("createRevision");
    long ver = r.readVarLong("version");
    if (create < 1 || create > mod || ver < 1) {
      throw r.error("key " + keyIndex + ": inconsistent revisions create=" + create + " mod=" + mod + " version="
          + ver);
    }
    return new StoredValue(value, create, mod, ver);
  }
}
