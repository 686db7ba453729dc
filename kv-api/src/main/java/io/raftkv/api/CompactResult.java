package io.raftkv.api;

/**
 * The outcome of a compaction ({@code POST /v1/compact}): history before {@code compactRevision} is gone on
 * every replica. JSON: {@code {"revision", "compactRevision"}}.
 *
 * @param revision the store's revision (a compaction does not change it)
 * @param compactRevision the store's compaction point after the command (never lower than before)
 */
public record CompactResult(long revision, long compactRevision) implements KvResult {}
