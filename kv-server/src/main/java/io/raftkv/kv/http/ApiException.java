package io.raftkv.kv.http;

import io.netty.handler.codec.http.HttpResponseStatus;
import io.raftkv.api.ErrorKind;

/**
 * A request the API refuses, with the {@link ErrorKind} whose code and status the JSON error body
 * ({@code {"error": code, "message": ...}}) and the response carry. Thrown while parsing a request, before
 * any work.
 */
final class ApiException extends RuntimeException {

  private final ErrorKind kind;

  ApiException(ErrorKind kind, String message) {
    super(message, null, false, false);
    this.kind = kind;
  }

  ErrorKind kind() {
    return kind;
  }

  HttpResponseStatus status() {
    return HttpResponseStatus.valueOf(kind.httpStatus());
  }
}
