package io.raftkv.kv.http;

import io.netty.handler.codec.http.HttpResponseStatus;

/**
 * A request the API refuses, with the HTTP status and the stable error code that the JSON error body
 * carries ({@code {"error": code, "message": ...}}). Thrown while parsing a request, before any work.
 */
final class ApiException extends RuntimeException {

  private final HttpResponseStatus status;
  private final String code;

  ApiException(HttpResponseStatus status, String code, String message) {
    super(message, null, false, false);
    this.status = status;
    this.code = code;
  }

  static ApiException badRequest(String code, String message) {
    return new ApiException(HttpResponseStatus.BAD_REQUEST, code, message);
  }

  HttpResponseStatus status() {
    return status;
  }

  String code() {
    return code;
  }
}
