package io.raftkv.storage;

import io.raftkv.storage.WalRecord.EntryRecord;
import io.raftkv.storage.WalRecord.SegmentHeader;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The write-ahead log: {@link WalRecord}s framed by {@link RecordFramer} in a sequence of pre-allocated
 * {@link Segment} files. Records are buffered and reach the file in one write per {@link #flush()}; they are
 * durable after {@link #force()}, one fsync of the current segment (a roll fsyncs the segment it leaves,
 * so every older segment is already durable). The next segment is pre-allocated in the background by
 * {@link SegmentAllocator} once the current one is half full.
 *
 * <p>Positions name a record as {@code seq << 40 | offset}. Recovery ({@link #open}) replays every record in
 * order and classifies the first bad frame: in the last segment with no valid frame after it, it is a torn
 * tail from a crash mid-write and is zeroed (WARN); anywhere else it is corruption and open fails naming
 * the file and offset.
 *
 * <p>Threading: the writer thread calls everything except {@link #read}; {@link #read} may run on another
 * thread as long as the caller excludes {@link #deleteObsolete} (a lock in {@link DurableStorage}).
 */
final class SegmentedLog implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(SegmentedLog.class);
  private static final int OFFSET_BITS = 40;

  /** Receives each recovered record in log order. */
  interface Visitor {
    void onRecord(WalRecord record, long position, int frameLength);
  }

  private final Path dir;
  private final long segmentSize;
  private final ConcurrentSkipListMap<Long, Segment> segments;
  private final RecordBuffer pending = new RecordBuffer(256 * 1024);
  private final SegmentAllocator allocator;
  private Supplier<SegmentHeader> header;
  private Segment current;
  private boolean dirty;
  private int lastFrameLength;

  // Metrics: written by the writer thread only, read by anyone.
  private volatile long fsyncs;
  private volatile long writes;
  private volatile long bytesWritten;
  private volatile long rolls;
  private volatile long lastFsyncMicros;
  private volatile long maxFsyncMicros;
  private volatile long totalFsyncMicros;
  private volatile StorageObserver observer = StorageObserver.NONE;

  private SegmentedLog(Path dir, long segmentSize, ConcurrentSkipListMap<Long, Segment> segments) {
    this.dir = dir;
    this.segmentSize = segmentSize;
    this.segments = segments;
    this.allocator = new SegmentAllocator(dir, segmentSize);
  }

  static long position(long seq, long offset) {
    return seq << OFFSET_BITS | offset;
  }

  static long offsetOf(long position) {
    return position & ((1L << OFFSET_BITS) - 1);
  }

  /** Opens (creating if needed) the log in {@code dir} and replays it into {@code visitor}. */
  static SegmentedLog open(Path dir, long segmentSize, Visitor visitor) throws IOException {
    Files.createDirectories(dir);
    List<Long> seqs = new ArrayList<>();
    try (Stream<Path> files = Files.list(dir)) {
      for (Path p : (Iterable<Path>) files::iterator) {
        String name = p.getFileName().toString();
        if (name.endsWith(Segment.TEMP_SUFFIX)) {
          // Pre-allocated but never used (or a crash while pre-allocating): not part of the log.
          log.info("Deleting unfinished segment {}", p);
          Files.delete(p);
        } else if (Segment.parseSeq(name) >= 0) {
          seqs.add(Segment.parseSeq(name));
        }
      }
    }
    seqs.sort(null);
    ConcurrentSkipListMap<Long, Segment> segments = new ConcurrentSkipListMap<>();
    SegmentedLog wal = new SegmentedLog(dir, segmentSize, segments);
    try {
      for (int i = 0; i < seqs.size(); i++) {
        long seq = seqs.get(i);
        if (i > 0 && seq != seqs.get(i - 1) + 1) {
          throw new StorageCorruptedException(dir.resolve(Segment.fileName(seqs.get(i - 1) + 1)), 0,
              "segment missing between " + Segment.fileName(seqs.get(i - 1)) + " and " + Segment.fileName(seq));
        }
        Segment segment = Segment.open(dir, seq);
        segments.put(seq, segment);
        wal.replay(segment, i == seqs.size() - 1, visitor);
      }
    } catch (IOException | RuntimeException e) {
      wal.closeQuietly();
      throw e;
    }
    return wal;
  }

  private void replay(Segment segment, boolean last, Visitor visitor) throws IOException {
    long fileSize = segment.channel.size();
    if (fileSize > Integer.MAX_VALUE - 16) {
      throw new StorageCorruptedException(segment.path, 0, "segment larger than 2 GiB");
    }
    byte[] buf = new byte[(int) fileSize];
    FileOps.readFully(segment.channel, ByteBuffer.wrap(buf), 0);
    int end = buf.length;
    int off = 0;
    while (true) {
      int frame = RecordFramer.check(buf, off, end);
      if (frame <= 0) {
        break;
      }
      WalRecord record;
      try {
        record = RecordCodec.decode(buf, off + RecordFramer.HEADER_BYTES, frame - RecordFramer.HEADER_BYTES);
      } catch (IllegalArgumentException e) {
        throw new StorageCorruptedException(segment.path, off, "undecodable record: " + e.getMessage());
      }
      if (off == 0 && !(record instanceof SegmentHeader)) {
        throw new StorageCorruptedException(segment.path, 0, "segment does not start with a header record");
      }
      if (record instanceof EntryRecord r) {
        segment.maxEntryIndex = Math.max(segment.maxEntryIndex, r.entry().index());
      }
      visitor.onRecord(record, position(segment.seq, off), frame);
      segment.records++;
      off += frame;
    }
    segment.writeOffset = off;
    if (off == end || RecordFramer.isZero(buf, off, end)) {
      if (!last && off == 0) {
        throw new StorageCorruptedException(segment.path, 0, "sealed segment holds no records");
      }
      return;
    }
    if (!last) {
      // A roll fsyncs the segment it leaves, so a sealed segment cannot have a torn tail.
      throw new StorageCorruptedException(segment.path, off, "bad record in a sealed segment ("
          + describe(RecordFramer.check(buf, off, end)) + ")");
    }
    int next = nextValidFrame(buf, off, end);
    if (next >= 0) {
      throw new StorageCorruptedException(segment.path, off, "bad record ("
          + describe(RecordFramer.check(buf, off, end)) + ") followed by a valid record at offset " + next);
    }
    int lastNonZero = end - 1;
    while (buf[lastNonZero] == 0) {
      lastNonZero--;
    }
    log.warn("Torn record at the tail of {} at offset {} ({}): discarding {} bytes of an unsynced write", segment.path,
        off, describe(RecordFramer.check(buf, off, end)), lastNonZero + 1 - off);
    FileOps.writeZeros(segment.channel, off, lastNonZero + 1);
    segment.channel.force(false);
  }

  /** The first valid frame after the bad one at {@code off}; tries the bad header's own length first. */
  private static int nextValidFrame(byte[] buf, int off, int end) {
    int bodyLength = RecordFramer.bodyLength(buf, off);
    long skip = (long) off + RecordFramer.HEADER_BYTES + bodyLength;
    if (bodyLength > 0 && skip < end && RecordFramer.check(buf, (int) skip, end) > 0) {
      return (int) skip;
    }
    return RecordFramer.findValidFrame(buf, off + 1, end);
  }

  private static String describe(int check) {
    return switch (check) {
      case RecordFramer.TRUNCATED -> "truncated frame";
      case RecordFramer.BAD_HEADER -> "header checksum mismatch";
      case RecordFramer.BAD_BODY -> "body checksum mismatch";
      default -> "valid";
    };
  }

  /**
   * Prepares for writing after recovery: creates the first segment of an empty log, and writes a header
   * into the last segment if it has none. {@code header} supplies the state written at each roll.
   */
  void startWriting(Supplier<SegmentHeader> header) throws IOException {
    this.header = header;
    Map.Entry<Long, Segment> last = segments.lastEntry();
    if (last == null) {
      current = allocator.take(0);
      segments.put(current.seq, current);
    } else {
      current = last.getValue();
    }
    if (current.records == 0) {
      RecordCodec.encode(header.get(), pending);
      current.records = 1;
    }
  }

  /** Buffers {@code record}, rolling to a new segment first if it does not fit; returns its position. */
  long add(WalRecord record) throws IOException {
    int start = pending.size();
    int frame = RecordCodec.encode(record, pending);
    if (current.writeOffset + pending.size() > segmentSize && current.records > 1) {
      byte[] moved = pending.copyOfRange(start, start + frame);
      pending.truncate(start);
      roll();
      start = pending.size();
      pending.putRaw(moved);
    }
    current.records++;
    if (record instanceof EntryRecord r) {
      current.maxEntryIndex = Math.max(current.maxEntryIndex, r.entry().index());
    }
    lastFrameLength = frame;
    return position(current.seq, current.writeOffset + start);
  }

  /** Bytes buffered but not yet written to the file. */
  int pendingBytes() {
    return pending.size();
  }

  /** Frame length of the record last passed to {@link #add}. */
  int lastFrameLength() {
    return lastFrameLength;
  }

  private void roll() throws IOException {
    flush();
    fsync();
    Segment next = allocator.take(current.seq + 1);
    segments.put(next.seq, next);
    current = next;
    RecordCodec.encode(header.get(), pending);
    current.records = 1;
    rolls++;
  }

  /** Writes the buffered records to the current segment in one write (no fsync). */
  void flush() throws IOException {
    int n = pending.size();
    if (n == 0) {
      return;
    }
    FileOps.writeFully(current.channel, pending.view(), current.writeOffset);
    current.writeOffset += n;
    pending.clear();
    if (current.writeOffset >= segmentSize / 2) {
      allocator.prepare(current.seq + 1);
    }
    dirty = true;
    writes++;
    bytesWritten += n;
  }

  /** Flushes and fsyncs: every record added so far is durable when this returns. */
  void force() throws IOException {
    flush();
    if (dirty) {
      fsync();
    }
  }

  private void fsync() throws IOException {
    long t0 = System.nanoTime();
    // fdatasync: the file size only changes for oversized records, and fdatasync covers size changes.
    current.channel.force(false);
    long nanos = System.nanoTime() - t0;
    long micros = nanos / 1000;
    observer.walFsynced(nanos);
    dirty = false;
    fsyncs++;
    lastFsyncMicros = micros;
    totalFsyncMicros += micros;
    if (micros > maxFsyncMicros) {
      maxFsyncMicros = micros;
    }
  }

  /**
   * Deletes the oldest segments whose entries are all at or below {@code compactIndex}. Their other records
   * are superseded by the header of the segment that follows. Call only once the record that moved the
   * compaction point is durable, or a crash could leave a log whose surviving segments start after a gap.
   *
   * @return the number of segments deleted
   */
  int deleteObsolete(long compactIndex) throws IOException {
    int deleted = 0;
    while (true) {
      Map.Entry<Long, Segment> first = segments.firstEntry();
      Segment s = first.getValue();
      if (s == current || s.maxEntryIndex > compactIndex) {
        return deleted;
      }
      segments.remove(s.seq);
      s.close();
      Files.delete(s.path);
      // One at a time, oldest first: the surviving segments always form a contiguous run.
      FileOps.fsyncDirectory(dir);
      deleted++;
    }
  }

  /**
   * Reads and verifies {@code count} consecutive records starting at {@code position} and spanning
   * {@code totalLength} bytes of one segment, with a single positional read.
   */
  List<WalRecord> read(long position, int totalLength, int count) throws IOException {
    long seq = position >>> OFFSET_BITS;
    long offset = offsetOf(position);
    Segment s = segments.get(seq);
    if (s == null) {
      throw new IllegalStateException("segment " + Segment.fileName(seq) + " is gone");
    }
    byte[] buf = new byte[totalLength];
    FileOps.readFully(s.channel, ByteBuffer.wrap(buf), offset);
    List<WalRecord> out = new ArrayList<>(count);
    for (int off = 0; out.size() < count; ) {
      int frame = RecordFramer.check(buf, off, totalLength);
      if (frame <= 0) {
        throw new StorageCorruptedException(s.path, offset + off, "record failed verification on read");
      }
      try {
        out.add(RecordCodec.decode(buf, off + RecordFramer.HEADER_BYTES, frame - RecordFramer.HEADER_BYTES));
      } catch (IllegalArgumentException e) {
        throw new StorageCorruptedException(s.path, offset + off, "undecodable record: " + e.getMessage());
      }
      off += frame;
    }
    return out;
  }

  Path pathOf(long position) {
    return dir.resolve(Segment.fileName(position >>> OFFSET_BITS));
  }

  int segmentCount() {
    return segments.size();
  }

  long fsyncs() {
    return fsyncs;
  }

  long writes() {
    return writes;
  }

  long bytesWritten() {
    return bytesWritten;
  }

  long rolls() {
    return rolls;
  }

  void observe(StorageObserver o) {
    observer = o;
  }

  long lastFsyncMicros() {
    return lastFsyncMicros;
  }

  long maxFsyncMicros() {
    return maxFsyncMicros;
  }

  long totalFsyncMicros() {
    return totalFsyncMicros;
  }

  @Override
  public void close() throws IOException {
    IOException failure = null;
    try {
      allocator.close();
    } catch (IOException e) {
      failure = e;
    }
    for (Segment s : segments.values()) {
      try {
        s.close();
      } catch (IOException e) {
        failure = e;
      }
    }
    if (failure != null) {
      throw failure;
    }
  }

  private void closeQuietly() {
    try {
      close();
    } catch (IOException ignored) {
      // Already failing; the original error matters more.
    }
  }
}
