package io.raftkv.chaos.workload;

import java.nio.charset.StandardCharsets;
import java.util.OptionalLong;

/**
 * What one HTTP attempt produced: a response, or a transport failure classified by whether the
 * request may have reached the server.
 *
 * @param status the HTTP status, or 0 when there was no response
 * @param body the response body (empty without a response)
 * @param etag the modRevision from the {@code ETag} header, if any
 * @param failure why there was no response, or null when there was one
 * @param node the node the attempt went to
 */
public record Answer(int status, byte[] body, OptionalLong etag, Failure failure, String node) {

  /** Transport failures, by what they imply about the request. */
  public enum Failure {
    /** The connection was never established (refused, connect timeout): the server never saw it. */
    NOT_SENT,
    /** No answer in time: the request may have been applied. */
    TIMEOUT,
    /** The connection broke after the request was (possibly) sent: it may have been applied. */
    BROKEN
  }

  public boolean responded() {
    return failure == null;
  }

  public String bodyText() {
    return new String(body, StandardCharsets.UTF_8);
  }

  /**
   * True when the request definitely took no effect: never sent, or answered with a status the API
   * defines as "not applied" (412 precondition failed, 404 on a conditional write, 429 overloaded,
   * 503 no leader / not applied), or a 4xx rejection of the request itself.
   */
  public boolean definitelyNotApplied() {
    if (failure == Failure.NOT_SENT) {
      return true;
    }
    return failure == null && (status == 412 || status == 404 || status == 429 || status == 503
        || status == 400 || status == 413);
  }

  /** Short description for the history's error field: "503", "timeout", "broken", "not-sent". */
  public String describe() {
    if (failure == null) {
      return Integer.toString(status);
    }
    return switch (failure) {
      case NOT_SENT -> "not-sent";
      case TIMEOUT -> "timeout";
      case BROKEN -> "broken";
    };
  }
}
