package io.raftkv.client;

import com.fasterxml.jackson.databind.JsonNode;
import io.raftkv.api.ApiError;
import io.raftkv.api.ApiJson;
import io.raftkv.api.ApiJsonException;
import io.raftkv.api.ErrorKind;
import io.raftkv.client.http.HttpResult;
import java.util.OptionalLong;
import java.util.function.Function;

/**
 * Turns HTTP responses into kv-api records or typed exceptions: bodies are read by kv-api's
 * {@link ApiJson} (so the client reads exactly what the server writes), errors are its {@link ApiError}
 * format, and the ETag carries the key's modRevision in quotes.
 */
final class ResponseReader {

  private ResponseReader() {
  }

  /** Parses a JSON body into a record, or fails with ServerErrorException naming the endpoint. */
  static <T> T read(HttpResult response, Function<JsonNode, T> reader) {
    try {
      return reader.apply(ApiJson.readTree(response.body(), ErrorKind.INTERNAL));
    } catch (ApiJsonException e) {
      throw new ServerErrorException(response.status(), response.endpoint() + " sent an answer the API does not "
          + "describe (" + e.getMessage() + "): " + abbreviate(response.bodyText()));
    }
  }

  /** The modRevision from an {@code ETag: "<rev>"} header (weak tags accepted), if present and numeric. */
  static OptionalLong etagRevision(HttpResult response) {
    return response.header("etag").map(ResponseReader::parseEtag).orElse(OptionalLong.empty());
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
    ApiError error = ApiJson.readError(response.body());
    if (error == null) {
      return "";
    }
    return error.message().isEmpty() ? error.error() : error.message();
  }

  /** The leader's client URL an error body names, empty when it names none. */
  static String leaderHint(HttpResult response) {
    ApiError error = ApiJson.readError(response.body());
    return error == null || error.leader() == null ? "" : error.leader();
  }

  /**
   * The exception for a non-2xx response. {@code key} names the key for messages (may be null). 503 and 504
   * never reach here: {@link FailoverExecutor} handles them.
   */
  static RaftKvException error(HttpResult response, String key) {
    int status = response.status();
    ApiError body = ApiJson.readError(response.body());
    String error = body == null ? "" : body.error();
    String message = errorMessage(response);
    String where = response.endpoint() + ": ";
    return switch (status) {
      case 404 -> new KeyNotFoundException(key == null ? "" : key);
      case 412 -> new PreconditionFailedException(key == null ? "" : key, currentRevision(response, body), message);
      case 429 -> new TooManyRequestsException(where + "too many requests" + suffix(message),
          response.header("retry-after").map(ResponseReader::parseLongOrZero).orElse(0L));
      case 507 -> new NoSpaceException(where + "no space" + suffix(message));
      case 400, 405, 413 -> new BadRequestException(status, error.isEmpty() ? String.valueOf(status) : error,
          where + status + " " + (message.isEmpty() ? "bad request" : message));
      default -> new ServerErrorException(status, where + "unexpected status " + status + suffix(message));
    };
  }

  /** The 412 body's {@code currentModRevision}; empty when {@code exists} is false (create-only failed the other way). */
  private static OptionalLong currentRevision(HttpResult response, ApiError body) {
    if (body != null && body.preconditionFailed() != null) {
      ApiError.PreconditionState state = body.preconditionFailed();
      return state.exists() && state.currentModRevision() > 0
          ? OptionalLong.of(state.currentModRevision()) : OptionalLong.empty();
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
