package io.raftkv.kv.http;

import io.raftkv.api.ErrorKind;

/**
 * Carried as the failed {@code DecoderResult} of a placeholder request when a request is refused before its
 * body is read (429 over the in-flight limit, 413 too large). Sending the placeholder down the pipeline,
 * instead of answering on the spot, keeps HTTP/1.1 responses in request order.
 */
final class RequestRejectedException extends Exception {

  private final ErrorKind kind;

  RequestRejectedException(ErrorKind kind, String message) {
    super(message, null, false, false);
    this.kind = kind;
  }

  ErrorKind kind() {
    return kind;
  }
}
