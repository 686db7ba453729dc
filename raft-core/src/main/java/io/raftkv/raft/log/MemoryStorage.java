package io.raftkv.raft.log;

import io.raftkv.raft.proto.ConfState;
import io.raftkv.raft.proto.Entry;
import io.raftkv.raft.proto.HardState;
import io.raftkv.raft.proto.SnapshotMetadata;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * {@link WritableStorage} held in memory, for tests and the simulator (etcd's MemoryStorage).
 *
 * <p>NOT thread-safe: one thread must both drive the core and write this storage. {@link #sync()} does
 * nothing because memory is "durable" for as long as the object lives; a simulated crash is modelled by
 * the caller keeping or discarding the object.
 *
 * <p>Layout: {@code entries.get(0)} is a dummy entry carrying the index and term of the compaction point
 * (the snapshot), so {@link #term(long)} answers for {@code firstIndex() - 1}.
 *
 * <p>Invariant: {@code entries} is non-empty and its indexes are contiguous and ascending.
 */
public final class MemoryStorage implements WritableStorage {

  private HardState hardState = HardState.EMPTY;
  private ConfState bootstrapConfState = ConfState.EMPTY;
  private SnapshotMetadata snapshot = SnapshotMetadata.EMPTY;
  private byte[] snapshotData = new byte[0];
  /** Incoming snapshot being received chunk by chunk. */
  private SnapshotMetadata partialMetadata;
  private byte[] partialData = new byte[0];
  private int partialLength;
  private final ArrayList<Entry> entries = new ArrayList<>();

  public MemoryStorage() {
    entries.add(Entry.normal(0, 0, null));
  }

  @Override
  public InitialState initialState() {
    ConfState cs = snapshot.isEmpty() ? bootstrapConfState : snapshot.confState();
    return new InitialState(hardState, cs);
  }

  @Override
  public void bootstrap(ConfState initial) {
    Objects.requireNonNull(initial, "initial");
    if (!hardState.isEmpty() || lastIndex() != 0 || !snapshot.isEmpty()) {
      throw new IllegalStateException("storage is not empty; cannot bootstrap");
    }
    bootstrapConfState = initial;
  }

  private long offset() {
    return entries.get(0).index();
  }

  @Override
  public List<Entry> entries(long lo, long hi, long maxBytes) {
    long offset = offset();
    if (lo <= offset) {
      throw new CompactedException(lo, offset + 1);
    }
    if (hi > lastIndex() + 1) {
      throw new UnavailableException(hi - 1, lastIndex());
    }
    if (lo >= hi) {
      return List.of();
    }
    int from = (int) (lo - offset);
    int to = (int) (hi - offset);
    List<Entry> out = new ArrayList<>(Math.min(to - from, 64));
    long size = 0;
    for (int i = from; i < to; i++) {
      Entry e = entries.get(i);
      size += e.sizeBytes();
      if (!out.isEmpty() && size > maxBytes) {
        break;
      }
      out.add(e);
    }
    return out;
  }

  @Override
  public long term(long index) {
    long offset = offset();
    if (index < offset) {
      throw new CompactedException(index, offset + 1);
    }
    if (index - offset >= entries.size()) {
      throw new UnavailableException(index, lastIndex());
    }
    return entries.get((int) (index - offset)).term();
  }

  @Override
  public long firstIndex() {
    return offset() + 1;
  }

  @Override
  public long lastIndex() {
    return offset() + entries.size() - 1;
  }

  @Override
  public SnapshotMetadata snapshotMetadata() {
    return snapshot;
  }

  @Override
  public byte[] snapshotChunk(long snapshotIndex, long offset, int maxBytes) {
    if (snapshot.isEmpty() || snapshot.index() != snapshotIndex) {
      throw new SnapshotUnavailableException(snapshotIndex);
    }
    if (offset < 0 || offset > snapshotData.length || maxBytes <= 0) {
      throw new IllegalArgumentException("bad snapshot chunk request: offset " + offset + " max " + maxBytes);
    }
    int end = (int) Math.min(snapshotData.length, offset + (long) maxBytes);
    return Arrays.copyOfRange(snapshotData, (int) offset, end);
  }

  @Override
  public void append(List<Entry> newEntries) {
    if (newEntries.isEmpty()) {
      return;
    }
    long first = newEntries.get(0).index();
    for (int i = 1; i < newEntries.size(); i++) {
      if (newEntries.get(i).index() != first + i) {
        throw new IllegalArgumentException("entries are not contiguous at " + newEntries.get(i).index());
      }
    }
    if (first > lastIndex() + 1) {
      throw new IllegalArgumentException("gap: appending " + first + " after last index " + lastIndex());
    }
    long offset = offset();
    long lastNew = first + newEntries.size() - 1;
    if (lastNew <= offset) {
      return; // entirely compacted already
    }
    int skip = first <= offset ? (int) (offset + 1 - first) : 0;
    int keep = (int) (first + skip - offset);
    if (keep < entries.size()) {
      entries.subList(keep, entries.size()).clear();
    }
    entries.addAll(newEntries.subList(skip, newEntries.size()));
  }

  @Override
  public void setHardState(HardState hs) {
    hardState = Objects.requireNonNull(hs, "hardState");
  }

  @Override
  public void writeSnapshotChunk(SnapshotMetadata metadata, long offset, byte[] data, boolean done) {
    if (offset == 0) {
      partialMetadata = metadata;
      partialData = new byte[(int) Math.max(metadata.sizeBytes(), data.length)];
      partialLength = 0;
    }
    if (partialMetadata == null || !partialMetadata.equals(metadata) || offset != partialLength) {
      throw new IllegalArgumentException(
          "snapshot chunk at offset " + offset + " does not continue the partial snapshot (have " + partialLength + ")");
    }
    if (partialLength + data.length > partialData.length) {
      partialData = Arrays.copyOf(partialData, partialLength + data.length);
    }
    System.arraycopy(data, 0, partialData, partialLength, data.length);
    partialLength += data.length;
  }

  @Override
  public void installSnapshot(SnapshotMetadata metadata) {
    if (partialMetadata == null || !partialMetadata.equals(metadata)) {
      throw new IllegalStateException("no fully received snapshot for " + metadata);
    }
    if (metadata.index() <= snapshot.index()) {
      throw new IllegalStateException("snapshot " + metadata.index() + " is older than current " + snapshot.index());
    }
    byte[] data = Arrays.copyOf(partialData, partialLength);
    partialMetadata = null;
    partialData = new byte[0];
    partialLength = 0;
    long index = metadata.index();
    boolean matches = index <= lastIndex() && index >= offset() && term(index) == metadata.term();
    if (matches) {
      entries.subList(0, (int) (index - offset())).clear();
      entries.set(0, Entry.normal(metadata.term(), index, null));
    } else {
      entries.clear();
      entries.add(Entry.normal(metadata.term(), index, null));
    }
    snapshot = metadata;
    snapshotData = data;
  }

  /** Staged data of a snapshot held in memory. */
  private record MemoryStaged(byte[] data) implements StagedSnapshot {
    @Override
    public long sizeBytes() {
      return data.length;
    }

    @Override
    public void discard() {
      // Garbage collected.
    }
  }

  @Override
  public StagedSnapshot stageSnapshot(SnapshotWriter data) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      data.writeTo(out);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot stage snapshot", e);
    }
    return new MemoryStaged(out.toByteArray());
  }

  @Override
  public void createSnapshot(long index, ConfState confState, StagedSnapshot staged) {
    if (!(staged instanceof MemoryStaged m)) {
      throw new IllegalArgumentException("snapshot was not staged by this storage");
    }
    byte[] data = m.data();
    if (index <= snapshot.index()) {
      throw new IllegalArgumentException("snapshot at " + index + " is not newer than " + snapshot.index());
    }
    if (index > lastIndex()) {
      throw new IllegalArgumentException("snapshot index " + index + " is beyond last index " + lastIndex());
    }
    snapshot = new SnapshotMetadata(index, term(index), confState, data.length);
    snapshotData = data;
  }

  @Override
  public void compact(long index) {
    long offset = offset();
    if (index <= offset) {
      return;
    }
    if (index > snapshot.index()) {
      throw new IllegalArgumentException("compact " + index + " beyond snapshot " + snapshot.index());
    }
    Entry last = entries.get((int) (index - offset));
    entries.subList(0, (int) (index - offset)).clear();
    entries.set(0, Entry.normal(last.term(), index, null));
  }

  @Override
  public InputStream openSnapshot(long snapshotIndex) {
    if (snapshot.isEmpty() || snapshot.index() != snapshotIndex) {
      throw new SnapshotUnavailableException(snapshotIndex);
    }
    return new ByteArrayInputStream(snapshotData);
  }

  @Override
  public void sync() {
    // Memory: nothing to flush.
  }

  /** The stored hard state (for tests). */
  public HardState hardState() {
    return hardState;
  }
}
