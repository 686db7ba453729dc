package io.raftkv.storage;

/**
 * Cheap counters of a {@link DurableStorage}, read without locking (each field is individually current).
 *
 * @param syncs calls to sync()
 * @param fsyncs fsyncs of WAL segments (sync() with pending writes, plus one per segment roll)
 * @param writes write system calls to WAL segments (one per flushed batch)
 * @param bytesWritten bytes written to WAL segments
 * @param lastFsyncMicros duration of the latest WAL fsync
 * @param maxFsyncMicros longest WAL fsync so far
 * @param totalFsyncMicros sum of all WAL fsync durations
 * @param segmentRolls segments started since open
 * @param segments WAL segment files currently kept
 * @param cachedEntryBytes bytes of entries held in memory
 */
public record StorageMetrics(
    long syncs,
    long fsyncs,
    long writes,
    long bytesWritten,
    long lastFsyncMicros,
    long maxFsyncMicros,
    long totalFsyncMicros,
    long segmentRolls,
    int segments,
    long cachedEntryBytes) {}
