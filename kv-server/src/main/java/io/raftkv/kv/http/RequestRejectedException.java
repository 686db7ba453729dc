package io.raftkv.kv.http;

import io.netty.handler.codec.http.HttpResponseStatus;

/**
 * Carried as the failed {@code DecoderResult} of a placeholder request when a request is refused before its
 * body is read (429 over the in-flight limit, 413 too large). Sending the placeholder down the pipeline,
 * instead of answering on the spot, keeps HTTP/1.1 responses in request order.
 */
final class RequestRejectedException extends Exception {

  private final HttpResponseStatus status;
  private final String code;

  RequestRejectedException(HttpResponseStatus status, String code, String message) {
    super(message, null, false, false);
    this.status = status;
    this.code = code;
  }

  HttpResponseStatus status() {
    return status;
  }

  String code() {
    return code;
  }
}
