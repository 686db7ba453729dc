package io.raftkv.kv.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.raftkv.api.ApiError;
import io.raftkv.api.ApiJson;
import io.raftkv.api.ErrorKind;
import io.raftkv.kv.api.KvServiceException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;

/**
 * Builds responses: JSON bodies (rendered by kv-api's {@link ApiJson}), raw values, and the error format
 * {@code {"error": code, "message": text}} used for every failure, each with its {@link ErrorKind}'s status
 * and, for kinds that were not applied, {@code Retry-After}.
 */
final class Responses {

  private Responses() {}

  static FullHttpResponse json(HttpResponseStatus status, ObjectNode body) {
    byte[] bytes = ApiJson.toBytes(body);
    FullHttpResponse response =
        new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, Unpooled.wrappedBuffer(bytes));
    response.headers().set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_JSON);
    response.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, bytes.length);
    return response;
  }

  static FullHttpResponse ok(ObjectNode body) {
    return json(HttpResponseStatus.OK, body);
  }

  static FullHttpResponse raw(HttpResponseStatus status, byte[] body) {
    FullHttpResponse response =
        new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, Unpooled.wrappedBuffer(body));
    response.headers().set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_OCTET_STREAM);
    response.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, body.length);
    return response;
  }

  static FullHttpResponse error(ErrorKind kind, String message) {
    return error(ApiError.of(kind, message));
  }

  /** The response for {@code e}: its kind's status, and {@code Retry-After} when it was not applied. */
  static FullHttpResponse error(ApiError e) {
    ErrorKind kind = e.kind().orElse(ErrorKind.INTERNAL);
    FullHttpResponse response = json(HttpResponseStatus.valueOf(kind.httpStatus()), ApiJson.errorJson(e));
    if (kind.retryAfter()) {
      response.headers().set(HttpHeaderNames.RETRY_AFTER, ErrorKind.RETRY_AFTER_SECONDS);
    }
    return response;
  }

  static FullHttpResponse error(ApiException e) {
    return error(e.kind(), e.getMessage());
  }

  /** The response for a failed service call or any other failure while handling a request. */
  static FullHttpResponse failure(Throwable t) {
    Throwable cause = unwrap(t);
    if (cause instanceof ApiException api) {
      return error(api);
    }
    if (cause instanceof KvServiceException kse) {
      ApiError e = kse.kind() == KvServiceException.Kind.COMPACTED
          ? new ApiError(ErrorKind.COMPACTED.code(), kse.getMessage(), null, null, kse.compactRevision())
          : ApiError.of(kse.kind().errorKind(), kse.getMessage());
      return error(kse.leaderHint() == null ? e : e.withLeader(kse.leaderHint()));
    }
    if (cause instanceof TimeoutException) {
      return error(ErrorKind.TIMEOUT, "the request did not complete in time; a write's outcome is unknown");
    }
    return error(ErrorKind.INTERNAL,
        cause.getClass().getSimpleName() + (cause.getMessage() == null ? "" : ": " + cause.getMessage()));
  }

  private static Throwable unwrap(Throwable t) {
    while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
      t = t.getCause();
    }
    return t;
  }
}
