package io.raftkv.kv;

import io.raftkv.api.Keys;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BiConsumer;
import java.util.zip.CRC32C;

/**
 * The binary snapshot of a whole store, written and read as a stream (a store larger than any array, or
 * than the heap's free part, never exists as one encoded array).
 *
 * <p>Layout (v1): magic {@code "RKVS"}, a version byte {@code 0x01}, varint revision, varint lastApplied,
 * varint count, then per key in UTF-8 order: key (varint length + UTF-8), value (varint length + bytes),
 * varint createRevision, modRevision and version; last, the CRC32C of every byte before it (4 bytes,
 * big-endian). The count comes first and the checksum last, so the format streams as it is: the v1 bytes
 * are unchanged by streaming (the golden bytes still pin them) and old snapshots stay readable.
 *
 * <p>{@link #read} checks every invariant of {@link StoredValue} and {@link KeyTable} (strictly ascending
 * keys, revisions within range) as it goes and the checksum at the end; a restore builds the new table
 * aside and swaps it in only after that, so a corrupt or foreign snapshot is refused instead of becoming a
 * silently divergent replica.
 */
final class SnapshotCodec {

  static final int FORMAT_VERSION = 1;
  private static final byte[] MAGIC = {'R', 'K', 'V', 'S'};
  /** No single value in a snapshot may be larger (far above {@link KvLimits}' default maximum). */
  static final int MAX_VALUE_BYTES = 256 << 20;

  /** The decoded parts of a snapshot. */
  record Decoded(KeyTable table, long lastApplied) {}

  private SnapshotCodec() {}

  /** Streams the snapshot of {@code table} to {@code out} (buffer it; not closed). */
  static void write(KeyTable table, long lastApplied, OutputStream out) throws IOException {
    Map<String, StoredValue> entries = table.view();
    CRC32C crc = new CRC32C();
    ByteWriter w = new ByteWriter(4096);
    w.writeRaw(MAGIC);
    w.writeByte(FORMAT_VERSION);
    w.writeVarLong(table.revision());
    w.writeVarLong(lastApplied);
    w.writeVarLong(entries.size());
    emit(w, crc, out);
    for (Map.Entry<String, StoredValue> e : entries.entrySet()) {
      StoredValue v = e.getValue();
      w.writeBytes(e.getKey().getBytes(StandardCharsets.UTF_8));
      w.writeVarLong(v.value().length);
      emit(w, crc, out);
      out.write(v.value());
      crc.update(v.value());
      w.writeVarLong(v.createRevision());
      w.writeVarLong(v.modRevision());
      w.writeVarLong(v.version());
      emit(w, crc, out);
    }
    w.writeInt((int) crc.getValue());
    out.write(w.array(), 0, w.position());
  }

  private static void emit(ByteWriter w, CRC32C crc, OutputStream out) throws IOException {
    crc.update(w.array(), 0, w.position());
    out.write(w.array(), 0, w.position());
    w.reset();
  }

  static byte[] encode(KeyTable table, long lastApplied) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      write(table, lastApplied, out);
    } catch (IOException e) {
      throw new UncheckedIOException(e); // a ByteArrayOutputStream does not throw
    }
    return out.toByteArray();
  }

  /**
   * Reads and verifies a whole snapshot from {@code in} (which must end where the snapshot ends), handing
   * each key to {@code sink} in order; the caller must not trust what the sink got unless this returns.
   *
   * @throws KvCodecException if the snapshot is corrupt, truncated or of an unknown version
   */
  static KvSnapshotSummary read(InputStream in, BiConsumer<String, StoredValue> sink) throws IOException {
    SnapshotInput r = new SnapshotInput(in);
    byte[] magic = r.readUpTo(MAGIC.length + 1);
    if (magic.length < MAGIC.length + 1) {
      throw new KvCodecException("kv snapshot: too short (" + magic.length + " bytes)");
    }
    for (int i = 0; i < MAGIC.length; i++) {
      if (magic[i] != MAGIC[i]) {
        throw new KvCodecException("kv snapshot: bad magic, not a RaftKV snapshot");
      }
    }
    int version = magic[MAGIC.length] & 0xFF;
    if (version != FORMAT_VERSION) {
      throw r.error("unsupported format version " + version + " (this build reads " + FORMAT_VERSION + ")");
    }
    long revision = r.readVarLong("revision");
    long lastApplied = r.readVarLong("lastApplied");
    long count = r.readVarLong("entry count");
    String previous = null;
    for (long i = 0; i < count; i++) {
      String key = r.readString("key", Keys.MAX_KEY_BYTES);
      try {
        Keys.requireValidKey(key);
      } catch (IllegalArgumentException e) {
        throw r.error("entry " + i + ": " + e.getMessage());
      }
      if (previous != null && Keys.UTF8_ORDER.compare(previous, key) >= 0) {
        throw r.error("entry " + i + ": keys are not strictly ascending");
      }
      byte[] value = r.readBytes("value", MAX_VALUE_BYTES);
      long create = r.readVarLong("createRevision");
      long mod = r.readVarLong("modRevision");
      long ver = r.readVarLong("version");
      if (create < 1 || create > mod || mod > revision || ver < 1) {
        throw r.error("entry " + i + ": inconsistent revisions create=" + create + " mod=" + mod + " version="
            + ver + " store revision=" + revision);
      }
      sink.accept(key, new StoredValue(value, create, mod, ver));
      previous = key;
    }
    int expected = r.crc();
    if (r.readUncheckedInt() != expected) {
      throw new KvCodecException("kv snapshot: checksum mismatch, the snapshot is corrupt");
    }
    r.expectEnd();
    return new KvSnapshotSummary(version, revision, lastApplied, count);
  }

  static Decoded decode(byte[] bytes) {
    if (bytes == null) {
      throw new KvCodecException("kv snapshot: too short (0 bytes)");
    }
    try {
      return decode(new ByteArrayInputStream(bytes));
    } catch (IOException e) {
      throw new UncheckedIOException(e); // a ByteArrayInputStream does not throw
    }
  }

  static Decoded decode(InputStream in) throws IOException {
    TreeMap<String, StoredValue> entries = new TreeMap<>(Keys.UTF8_ORDER);
    KvSnapshotSummary s = read(in, entries::put);
    return new Decoded(new KeyTable(entries, s.revision()), s.lastApplied());
  }
}
