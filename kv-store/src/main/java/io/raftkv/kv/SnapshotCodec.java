package io.raftkv.kv;

import io.raftkv.api.Keys;
import java.util.TreeMap;
import java.util.zip.CRC32C;

/**
 * The binary snapshot of a whole store.
 *
 * <p>Layout v2 (written): magic {@code "RKVS"}, a version byte {@code 0x02}, varint lastApplied, the
 * {@link HistorySection} (revision, compaction point and every kept revision of every key), then the
 * CRC32C of every byte before it (4 bytes, big-endian).
 *
 * <p>Layout v1 (still read, from builds without history): magic, {@code 0x01}, varint revision, varint
 * lastApplied, varint count, then per key in UTF-8 order: key (varint length + UTF-8), value (varint length
 * + bytes), varint createRevision, modRevision and version; then the CRC32C. A v1 snapshot restores as a
 * store whose history starts at its revision: its compaction point is its revision, since older revisions
 * were never kept.
 *
 * <p>{@link #decode} checks the checksum before anything else and then every invariant of
 * {@link StoredValue} and {@link KeyTable} (strictly ascending keys, revisions within range), so a corrupt or
 * foreign snapshot is refused instead of becoming a silently divergent replica.
 */
final class SnapshotCodec {

  static final int FORMAT_VERSION = 2;
  private static final int FORMAT_V1 = 1;
  private static final byte[] MAGIC = {'R', 'K', 'V', 'S'};

  /** The decoded parts of a snapshot. */
  record Decoded(KeyTable table, long lastApplied) {}

  private SnapshotCodec() {}

  static byte[] encode(KeyTable table, long lastApplied) {
    // Sized exactly first, so a large store is not copied while the read lock is held.
    long size = MAGIC.length + 1L + ByteWriter.varLongSize(lastApplied) + HistorySection.size(table) + 4;
    if (size > Integer.MAX_VALUE - 8) {
      throw new IllegalStateException("snapshot would be " + size + " bytes, over the 2 GiB array limit");
    }
    ByteWriter w = new ByteWriter((int) size);
    w.writeRaw(MAGIC);
    w.writeByte(FORMAT_VERSION);
    w.writeVarLong(lastApplied);
    HistorySection.write(w, table);
    CRC32C crc = new CRC32C();
    crc.update(w.array(), 0, w.position());
    w.writeInt((int) crc.getValue());
    return w.toByteArray();
  }

  static Decoded decode(byte[] bytes) {
    if (bytes == null || bytes.length < MAGIC.length + 1 + 4) {
      throw new KvCodecException("kv snapshot: too short (" + (bytes == null ? 0 : bytes.length) + " bytes)");
    }
    for (int i = 0; i < MAGIC.length; i++) {
      if (bytes[i] != MAGIC[i]) {
        throw new KvCodecException("kv snapshot: bad magic, not a RaftKV snapshot");
      }
    }
    int body = bytes.length - 4;
    CRC32C crc = new CRC32C();
    crc.update(bytes, 0, body);
    int expected = ((bytes[body] & 0xFF) << 24) | ((bytes[body + 1] & 0xFF) << 16) | ((bytes[body + 2] & 0xFF) << 8)
        | (bytes[body + 3] & 0xFF);
    if ((int) crc.getValue() != expected) {
      throw new KvCodecException("kv snapshot: checksum mismatch, the snapshot is corrupt");
    }
    ByteReader r = new ByteReader(bytes, body, "kv snapshot");
    for (int i = 0; i < MAGIC.length; i++) {
      r.readByte();
    }
    int version = r.readByte();
    if (version == FORMAT_VERSION) {
      long lastApplied = r.readNonNegative("lastApplied");
      KeyTable table = HistorySection.read(r);
      r.expectEnd();
      return new Decoded(table, lastApplied);
    }
    if (version != FORMAT_V1) {
      throw r.error("unsupported format version " + version + " (this build reads " + FORMAT_V1 + " and "
          + FORMAT_VERSION + ")");
    }
    long revision = r.readNonNegative("revision");
    long lastApplied = r.readNonNegative("lastApplied");
    int count = r.readCount("entry");
    TreeMap<String, KeyHistory> entries = new TreeMap<>(Keys.UTF8_ORDER);
    String previous = null;
    for (int i = 0; i < count; i++) {
      String key = HistorySection.readKey(r, "entry " + i, previous);
      byte[] value = r.readBytes("value");
      long create = r.readNonNegative("createRevision");
      long mod = r.readNonNegative("modRevision");
      long ver = r.readNonNegative("version");
      if (create < 1 || create > mod || mod > revision || ver < 1) {
        throw r.error("entry " + i + ": inconsistent revisions create=" + create + " mod=" + mod + " version="
            + ver + " store revision=" + revision);
      }
      entries.put(key, new KeyHistory(new StoredValue(value, create, mod, ver)));
      previous = key;
    }
    r.expectEnd();
    return new Decoded(new KeyTable(entries, revision, revision), lastApplied);
  }
}
