package io.raftkv.api;

import java.util.Optional;

/**
 * Every {@code "error"} code of the API with its HTTP status (docs/API.md, "Errors"). The server answers
 * failures only with these; the client classifies answers by them.
 */
public enum ErrorKind {
  /** An invalid key in the path. */
  BAD_KEY("bad_key", 400),
  /** An invalid query parameter. */
  BAD_PARAMETER("bad_parameter", 400),
  /** An invalid {@code If-Match}/{@code If-None-Match}. */
  BAD_PRECONDITION("bad_precondition", 400),
  /** A transaction body that is not the documented JSON. */
  BAD_JSON("bad_json", 400),
  /** A request the service refused as invalid. */
  BAD_REQUEST("bad_request", 400),
  /** HTTP the server could not parse; it closes the connection after answering. */
  MALFORMED_REQUEST("malformed_request", 400),
  /** A {@code revision} or {@code startRevision} above the store's current revision. */
  FUTURE_REVISION("future_revision", 400),
  /** No such key or endpoint. */
  NOT_FOUND("not_found", 404),
  /** A known path with another method; the answer carries {@code Allow}. */
  METHOD_NOT_ALLOWED("method_not_allowed", 405),
  /** A revision older than the compaction point; the body carries {@code "compactRevision"}. */
  COMPACTED("compacted", 410),
  /**
   * A membership change refused in the current state: another change in progress, a learner not caught
   * up, a duplicate id or address, a quorum it would break. Nothing changed.
   */
  CONFLICT("conflict", 409),
  /** An {@code If-Match} or create-only condition did not hold. */
  PRECONDITION_FAILED("precondition_failed", 412),
  /** A value or body over its limit. */
  PAYLOAD_TOO_LARGE("payload_too_large", 413),
  /** Too many requests in flight on the node; not applied. */
  OVERLOADED("overloaded", 429),
  /** Too many streamed responses open on the node; nothing was opened. */
  TOO_MANY_STREAMS("too_many_streams", 429),
  /** A bug. */
  INTERNAL("internal", 500),
  /** No leader known; not applied. */
  NO_LEADER("no_leader", 503),
  /** The write was dropped before being committed; not applied. */
  NOT_APPLIED("not_applied", 503),
  /** {@code /health}: the node sees no leader or lags its commit index. */
  UNHEALTHY("unhealthy", 503),
  /** The commit could not be confirmed in time: the write may or may not have been applied. */
  TIMEOUT("timeout", 504),
  /** A write that would take the store past its quota ({@code --quota-bytes}); not applied. */
  NO_SPACE("no_space", 507);

  /** Seconds a client should wait before retrying a 429 or 503 ({@code Retry-After}). */
  public static final int RETRY_AFTER_SECONDS = 1;

  private final String code;
  private final int httpStatus;

  ErrorKind(String code, int httpStatus) {
    this.code = code;
    this.httpStatus = httpStatus;
  }

  /** The {@code "error"} field. */
  public String code() {
    return code;
  }

  public int httpStatus() {
    return httpStatus;
  }

  /** Whether the answer carries {@code Retry-After}: the request was not applied and may be retried. */
  public boolean retryAfter() {
    return httpStatus == 429 || httpStatus == 503;
  }

  /** The kind with this code; empty for a code this build does not know (a newer server). */
  public static Optional<ErrorKind> ofCode(String code) {
    for (ErrorKind k : values()) {
      if (k.code.equals(code)) {
        return Optional.of(k);
      }
    }
    return Optional.empty();
  }
}
