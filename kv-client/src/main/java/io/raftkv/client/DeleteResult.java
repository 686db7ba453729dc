package io.raftkv.client;

/**
 * A successful delete.
 *
 * @param revision the store revision the delete created
 */
public record DeleteResult(long revision) {
}
