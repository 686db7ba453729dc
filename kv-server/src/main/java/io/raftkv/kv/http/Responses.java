package io.raftkv.kv.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.raftkv.kv.api.KvServiceException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;

/**
 * Builds responses: JSON bodies, raw values, and the JSON error format {@code {"error": code, "message":
 * text}} used for every failure, including the mapping of {@link KvServiceException} kinds to statuses.
 */
final class Responses {

  static final ObjectMapper JSON = new ObjectMapper();

  /** Seconds a client should wait before retrying a 429 or 503. */
  static final String RETRY_AFTER_SECONDS = "1";

  private Responses() {}

  static ObjectNode object() {
    return JSON.createObjectNode();
  }

  static FullHttpResponse json(HttpResponseStatus status, ObjectNode body) {
    byte[] bytes;
    try {
      bytes = JSON.writeValueAsBytes(body);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialize a JSON tree", e);
    }
    FullHttpResponse response =
        new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, Unpooled.wrappedBuffer(bytes));
    response.headers().set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_JSON);
    response.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, bytes.length);
    return response;
  }

  static FullHttpResponse raw(HttpResponseStatus status, byte[] body) {
    FullHttpResponse response =
        new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, Unpooled.wrappedBuffer(body));
    response.headers().set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_OCTET_STREAM);
    response.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, body.length);
    return response;
  }

  static FullHttpResponse error(HttpResponseStatus status, String code, String message) {
    return json(status, errorBody(code, message));
  }

  static ObjectNode errorBody(String code, String message) {
    ObjectNode body = object();
    body.put("error", code);
    body.put("message", message == null ? "" : message);
    return body;
  }

  static FullHttpResponse error(ApiException e) {
    FullHttpResponse response = error(e.status(), e.code(), e.getMessage());
    if (e.status().equals(HttpResponseStatus.TOO_MANY_REQUESTS)
        || e.status().equals(HttpResponseStatus.SERVICE_UNAVAILABLE)) {
      response.headers().set(HttpHeaderNames.RETRY_AFTER, RETRY_AFTER_SECONDS);
    }
    return response;
  }

  /** The response for a failed service call or any other failure while handling a request. */
  static FullHttpResponse failure(Throwable t) {
    Throwable cause = unwrap(t);
    if (cause instanceof ApiException api) {
      return error(api);
    }
    if (cause instanceof KvServiceException kse) {
      return serviceError(kse);
    }
    if (cause instanceof TimeoutException) {
      return error(HttpResponseStatus.GATEWAY_TIMEOUT, "timeout",
          "the request did not complete in time; a write's outcome is unknown");
    }
    return error(HttpResponseStatus.INTERNAL_SERVER_ERROR, "internal",
        cause.getClass().getSimpleName() + (cause.getMessage() == null ? "" : ": " + cause.getMessage()));
  }

  static FullHttpResponse serviceError(KvServiceException e) {
    String code = switch (e.kind()) {
      case NO_LEADER -> "no_leader";
      case OVERLOADED -> "overloaded";
      case TIMEOUT -> "timeout";
      case NOT_APPLIED_RETRYABLE -> "not_applied";
      case BAD_REQUEST -> "bad_request";
      case INTERNAL -> "internal";
    };
    ObjectNode body = errorBody(code, e.getMessage());
    if (e.leaderHint() != null) {
      body.put("leader", e.leaderHint());
    }
    FullHttpResponse response = json(HttpResponseStatus.valueOf(e.kind().httpStatus()), body);
    if (e.kind() == KvServiceException.Kind.NO_LEADER || e.kind() == KvServiceException.Kind.OVERLOADED
        || e.kind() == KvServiceException.Kind.NOT_APPLIED_RETRYABLE) {
      response.headers().set(HttpHeaderNames.RETRY_AFTER, RETRY_AFTER_SECONDS);
    }
    return response;
  }

  private static Throwable unwrap(Throwable t) {
    while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
      t = t.getCause();
    }
    return t;
  }
}
