package io.raftkv.api;

/**
 * A put took effect. JSON (a txn result): {@code {"op": "put", "revision", "modRevision", "createRevision",
 * "version"}}; {@code PUT /v1/kv/{key}} sends only the revision ({@link WriteResponse}) and the ETag.
 *
 * @param revision the store's revision after the write (equals {@code modRevision})
 * @param modRevision the key's new modRevision, the HTTP ETag
 * @param createRevision the key's createRevision (the same revision when this put created it)
 * @param version the key's version after the write (1 when created)
 */
public record PutResult(long revision, long modRevision, long createRevision, long version)
    implements KvResult, OpResult {}
