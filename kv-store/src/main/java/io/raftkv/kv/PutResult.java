package io.raftkv.kv;

/**
 * A put took effect.
 *
 * @param revision the store's revision after the write (equals {@code modRevision})
 * @param modRevision the key's new modRevision, the HTTP ETag
 * @param createRevision the key's createRevision (the same revision when this put created it)
 * @param version the key's version after the write (1 when created)
 */
public record PutResult(long revision, long modRevision, long createRevision, long version)
    implements KvResult, OpResult {}
