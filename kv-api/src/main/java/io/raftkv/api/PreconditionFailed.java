package io.raftkv.api;

/**
 * A put or delete was not applied because its {@link Precondition} did not hold: HTTP 412, whose error body
 * adds {@code "currentModRevision"} and {@code "exists"}.
 *
 * @param revision the store's revision (unchanged); not on the wire
 * @param exists whether the key exists
 * @param currentModRevision the key's modRevision, 0 when absent
 */
public record PreconditionFailed(long revision, boolean exists, long currentModRevision) implements KvResult {}
