package io.raftkv.api;

/**
 * The outcome of a range delete ({@code DELETE /v1/kv?prefix=P} or {@code ?start=A&end=B}): every live key
 * of the range deleted in one revision. JSON: {@code {"revision", "deleted"}}.
 *
 * @param revision the store's revision after the delete; unchanged when nothing was deleted
 * @param deleted how many keys were deleted
 */
public record DeleteRangeResult(long revision, long deleted) implements KvResult {}
