package io.raftkv.client;

/**
 * A successful put.
 *
 * @param revision the store revision the write created; also the key's new modRevision
 */
public record PutResult(long revision) {
}
