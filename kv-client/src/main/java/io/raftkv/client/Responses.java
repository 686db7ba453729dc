package io.raftkv.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.raftkv.client.http.HttpResult;
import java.io.IOException;
import java.util.OptionalLong;

/**
 * Turns HTTP responses into results or typed exceptions, following the API contract: errors are JSON
 * {@code {"error","message"}}, ETag carries the key's modRevision in quotes.
 */
final class Responses {

  static final ObjectMapper JSON = new ObjectMapper();

  private Responses() {
  }

  /** Parses a JSON body, or fails with ServerErrorException naming the endpoint. */
  static JsonNode json(HttpResult response) {
    try {
      JsonNode node = JSON.readTree(response.body());
      if (node == null || node.isMissingNode()) {
        throw new ServerErrorException(response.status(), response.endpoint() + " sent an empty body");
      }
      return node;
    } catch (IOException e) {
      throw new ServerErrorException(response.status(), response.endpoint() + " sent malformed JSON: "
          + e.getMessage());
    }
  }

  /** A required non-negative long field of a JSON object. */
  static long requiredLong(JsonNode node, String field, HttpResult response) {
    JsonNode value = node.get(field);
    if (value == null || !value.canConvertToLong()) {
      throw new ServerErrorException(response.status(), response.endpoint() + " response lacks numeric '"
          + field + "': " + abbreviate(response.bodyText()));
    }
    return value.asLong();
  }

  /** The modRevision from an {@code ETag: "<rev>"} header (weak tags accepted), if present and numeric. */
  static OptionalLong etagRevision(HttpResult response) {
    return response.header("etag").map(Responses::parseEtag).orElse(OptionalLong.empty());
  }

  static OptionalLong parseEtag(String etag) {
    String tag = etag.trim();
    if (tag.startsWith("W/")) {
      tag = tag.substring(2);
    }
    if (tag.length() >= 2 && tag.startsWith("\"") && tag.endsWith("\"")) {
      tag = tag.substring(1, tag.length() - 1);
    }
    try {
      return OptionalLong.of(Long.parseLong(tag));
    } catch (NumberFormatException e) {
      return OptionalLong.empty();
    }
  }

  /** The "message" (or "error") of an error body; empty when the body is not such JSON. */
  static String errorMessage(HttpResult response) {
    JsonNode node = errorBody(response);
    if (node == null) {
      return "";
    }
    String message = node.path("message").asText("");
    return message.isEmpty() ? node.path("error").asText("") : message;
  }

  /** A text field of an error body, empty when absent. */
  static String errorField(HttpResult response, String field) {
    JsonNode node = errorBody(response);
    return node == null ? "" : node.path(field).asText("");
  }

  private static JsonNode errorBody(HttpResult response) {
    if (response.body().length == 0) {
      return null;
    }
    try {
      JsonNode node = JSON.readTree(response.body());
      return node != null && node.isObject() ? node : null;
    } catch (IOException e) {
      return null;
    }
  }

  /**
   * The exception for a non-2xx response. {@code key} names the key for messages (may be null). 503 and 504
   * never reach here: {@link FailoverExecutor} handles them.
   */
  static RaftKvException error(HttpResult response, String key) {
    int status = response.status();
    JsonNode body = errorBody(response);
    String error = body == null ? "" : body.path("error").asText("");
    String message = errorMessage(response);
    String where = response.endpoint() + ": ";
    return switch (status) {
      case 404 -> new KeyNotFoundException(key == null ? "" : key);
      case 412 -> new PreconditionFailedException(key == null ? "" : key, currentRevision(response, body), message);
      case 429 -> new TooManyRequestsException(where + "too many requests" + suffix(message),
          response.header("retry-after").map(Responses::parseLongOrZero).orElse(0L));
      case 400, 405, 413 -> new BadRequestException(status, error.isEmpty() ? String.valueOf(status) : error,
          where + status + " " + (message.isEmpty() ? "bad request" : message));
      default -> new ServerErrorException(status, where + "unexpected status " + status + suffix(message));
    };
  }

  /** The 412 body's {@code currentModRevision}; empty when {@code exists} is false (create-only failed the other way). */
  private static OptionalLong currentRevision(HttpResult response, JsonNode body) {
    if (body != null && body.path("exists").isBoolean() && !body.path("exists").asBoolean()) {
      return OptionalLong.empty();
    }
    if (body != null && body.path("currentModRevision").canConvertToLong()) {
      long current = body.path("currentModRevision").asLong();
      return current > 0 ? OptionalLong.of(current) : OptionalLong.empty();
    }
    OptionalLong fromEtag = etagRevision(response);
    return fromEtag.isPresent() && fromEtag.getAsLong() > 0 ? fromEtag : OptionalLong.empty();
  }

  private static String suffix(String message) {
    return message.isEmpty() ? "" : ": " + message;
  }

  private static long parseLongOrZero(String value) {
    try {
      return Long.parseLong(value.trim());
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  static String abbreviate(String text) {
    return text.length() <= 200 ? text : text.substring(0, 200) + "...";
  }
}
