package io.raftkv.kv.api;

import java.util.Objects;

/**
 * Why a {@link KvService} call failed; futures complete exceptionally with it. The {@link Kind} says whether
 * the write may have been applied, which is what a client needs to decide whether to retry.
 */
public final class KvServiceException extends RuntimeException {

  /** The failure classes, each with its HTTP status. */
  public enum Kind {
    /** No leader is known, so the command was not proposed and was NOT applied; retry later (503). */
    NO_LEADER(503),
    /** Too much work in flight; the command was NOT applied; retry after backing off (429). */
    OVERLOADED(429),
    /** The commit could not be confirmed in time; the outcome is UNKNOWN (504). */
    TIMEOUT(504),
    /** The command was NOT applied (e.g. leadership was lost before it was appended); safe to retry (503). */
    NOT_APPLIED_RETRYABLE(503),
    /** The request is invalid and will never succeed (400). */
    BAD_REQUEST(400),
    /** A bug or an unexpected failure (500). */
    INTERNAL(500);

    private final int httpStatus;

    Kind(int httpStatus) {
      this.httpStatus = httpStatus;
    }

    public int httpStatus() {
      return httpStatus;
    }
  }

  private final Kind kind;
  private final String leaderHint;

  public KvServiceException(Kind kind, String message) {
    this(kind, message, null, null);
  }

  /**
   * @param leaderHint the client URL of the node believed to lead, or {@code null}; returned to HTTP
   *     clients as {@code "leader"} so they can go there directly
   */
  public KvServiceException(Kind kind, String message, String leaderHint, Throwable cause) {
    super(message, cause);
    this.kind = Objects.requireNonNull(kind, "kind");
    this.leaderHint = leaderHint;
  }

  public Kind kind() {
    return kind;
  }

  /** The client URL of the believed leader, or {@code null}. */
  public String leaderHint() {
    return leaderHint;
  }
}
