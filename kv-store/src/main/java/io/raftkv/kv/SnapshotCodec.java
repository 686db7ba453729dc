package io.raftkv.kv;

import io.raftkv.api.Keys;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.TreeMap;
import java.util.function.BiConsumer;
import java.util.zip.CRC32C;

/**
 * The binary snapshot of a whole store, written and read as a stream (a store larger than any array, or
 * than the heap's free part, never exists as one encoded array).
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
 * <p>Both layouts put counts first and the checksum last, so they stream as they are. {@link #read} checks
 * every invariant of {@link StoredValue}, {@link KeyHistory} and {@link KeyTable} (strictly ascending keys,
 * revisions within range) as it goes and the checksum at the end; a restore builds the new table aside and
 * swaps it in only after that, so a corrupt or foreign snapshot is refused instead of becoming a silently
 * divergent replica.
 */
final class SnapshotCodec {

  static final int FORMAT_VERSION = 2;
  private static final int FORMAT_V1 = 1;
  private static final byte[] MAGIC = {'R', 'K', 'V', 'S'};
  /** No single value in a snapshot may be larger (far above {@link KvLimits}' default maximum). */
  static final int MAX_VALUE_BYTES = 256 << 20;

  /** The decoded parts of a snapshot. */
  record Decoded(KeyTable table, long lastApplied) {}

  private SnapshotCodec() {}

  /** Streams the snapshot of {@code table} to {@code out} (buffer it; not closed). */
  static void write(KeyTable table, long lastApplied, OutputStream out) throws IOException {
    CRC32C crc = new CRC32C();
    ByteWriter w = new ByteWriter(4096);
    HistorySection.Sink emit = b -> {
      crc.update(b.array(), 0, b.position());
      out.write(b.array(), 0, b.position());
      b.reset();
    };
    w.writeRaw(MAGIC);
    w.writeByte(FORMAT_VERSION);
    w.writeVarLong(lastApplied);
    emit.flush(w);
    HistorySection.write(w, table, emit);
    w.writeInt((int) crc.getValue());
    out.write(w.array(), 0, w.position());
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
   * each key's history to {@code sink} in order; the caller must not trust what the sink got unless this
   * returns.
   *
   * @throws KvCodecException if the snapshot is corrupt, truncated or of an unknown version
   */
  static Summary read(InputStream in, BiConsumer<String, KeyHistory> sink) throws IOException {
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
    Summary summary;
    if (version == FORMAT_VERSION) {
      long lastApplied = r.readVarLong("lastApplied");
      HistorySection.Header h = HistorySection.read(r, sink);
      summary = new Summary(new KvSnapshotSummary(version, h.revision(), lastApplied, h.liveKeys()), h.compactRevision());
    } else if (version == FORMAT_V1) {
      summary = readV1(r, sink);
    } else {
      throw r.error("unsupported format version " + version + " (this build reads " + FORMAT_V1 + " and "
          + FORMAT_VERSION + ")");
    }
    int expected = r.crc();
    if (r.readUncheckedInt() != expected) {
      throw new KvCodecException("kv snapshot: checksum mismatch, the snapshot is corrupt");
    }
    r.expectEnd();
    return summary;
  }

  /** What {@link #read} found: the summary a backup shows, and the compaction point. */
  record Summary(KvSnapshotSummary kv, long compactRevision) {}

  private static Summary readV1(SnapshotInput r, BiConsumer<String, KeyHistory> sink) throws IOException {
    long revision = r.readVarLong("revision");
    long lastApplied = r.readVarLong("lastApplied");
    long count = r.readVarLong("entry count");
    String previous = null;
    for (long i = 0; i < count; i++) {
      String key = HistorySection.readKey(r, "entry " + i, previous);
      byte[] value = r.readBytes("value", MAX_VALUE_BYTES);
      long create = r.readVarLong("createRevision");
      long mod = r.readVarLong("modRevision");
      long ver = r.readVarLong("version");
      if (create < 1 || create > mod || mod > revision || ver < 1) {
        throw r.error("entry " + i + ": inconsistent revisions create=" + create + " mod=" + mod + " version="
            + ver + " store revision=" + revision);
      }
      sink.accept(key, new KeyHistory(new StoredValue(value, create, mod, ver)));
      previous = key;
    }
    // v1 kept no history: it starts at the snapshot's revision.
    return new Summary(new KvSnapshotSummary(FORMAT_V1, revision, lastApplied, count), revision);
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
    TreeMap<String, KeyHistory> entries = new TreeMap<>(Keys.UTF8_ORDER);
    Summary s = read(in, entries::put);
    return new Decoded(new KeyTable(entries, s.kv().revision(), s.compactRevision()), s.kv().lastApplied());
  }
}
