package io.raftkv.api;

/**
 * The body of a successful {@code PUT} or {@code DELETE /v1/kv/{key}}: {@code {"revision": R}}. A put's
 * modRevision, the same number, also comes as the ETag; the fuller {@link PutResult} and
 * {@link DeleteResult} are what a transaction reports.
 *
 * @param revision the store revision the write created
 */
public record WriteResponse(long revision) {}
