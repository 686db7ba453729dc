package io.raftkv.kv.api;

import io.raftkv.api.ErrorKind;
import java.util.Objects;

/**
 * Why a {@link KvService} call failed; futures complete exceptionally with it. The {@link Kind} says whether
 * the write may have been applied, which is what a client needs to decide whether to retry.
 */
public final class KvServiceException extends RuntimeException {

  /** The failure classes, each with the API error (code and HTTP status) it is answered with. */
  public enum Kind {
    /** No leader is known, so the command was not proposed and was NOT applied; retry later (503). */
    NO_LEADER(ErrorKind.NO_LEADER),
    /** Too much work in flight; the command was NOT applied; retry after backing off (429). */
    OVERLOADED(ErrorKind.OVERLOADED),
    /** The commit could not be confirmed in time; the outcome is UNKNOWN (504). */
    TIMEOUT(ErrorKind.TIMEOUT),
    /** The command was NOT applied (e.g. leadership was lost before it was appended); safe to retry (503). */
    NOT_APPLIED_RETRYABLE(ErrorKind.NOT_APPLIED),
    /** The request is invalid and will never succeed (400). */
    BAD_REQUEST(ErrorKind.BAD_REQUEST),
    /** The requested revision is older than the compaction point (410); see {@link #compactRevision()}. */
    COMPACTED(ErrorKind.COMPACTED),
    /** The requested revision is above the current revision (400). */
    FUTURE_REVISION(ErrorKind.FUTURE_REVISION),
    /** No such member (404). */
    NOT_FOUND(ErrorKind.NOT_FOUND),
    /** A membership change refused in the current state; nothing changed (409). */
    CONFLICT(ErrorKind.CONFLICT),
    /** The {@code If-Match} configIndex is not the current one; nothing changed (412). */
    PRECONDITION_FAILED(ErrorKind.PRECONDITION_FAILED),
    /**
     * Only the leader does this; {@code leaderHint} names it. The HTTP layer forwards the request there
     * (at most twice), else answers 503 {@code no_leader} with the hint. Nothing changed.
     */
    NOT_LEADER(ErrorKind.NO_LEADER),
    /** The write would take the store past its quota; NOT applied; free space first (507). */
    NO_SPACE(ErrorKind.NO_SPACE),
    /** A bug or an unexpected failure (500). */
    INTERNAL(ErrorKind.INTERNAL);

    private final ErrorKind errorKind;

    Kind(ErrorKind errorKind) {
      this.errorKind = errorKind;
    }

    public ErrorKind errorKind() {
      return errorKind;
    }

    public int httpStatus() {
      return errorKind.httpStatus();
    }
  }

  private final Kind kind;
  private final String leaderHint;
  private final long compactRevision;

  public KvServiceException(Kind kind, String message) {
    this(kind, message, null, null);
  }

  /** A {@link Kind#COMPACTED} failure naming the store's compaction point. */
  public static KvServiceException compacted(String message, long compactRevision) {
    return new KvServiceException(Kind.COMPACTED, message, null, null, compactRevision);
  }

  /**
   * @param leaderHint the client URL of the node believed to lead, or {@code null}; returned to HTTP
   *     clients as {@code "leader"} so they can go there directly
   */
  public KvServiceException(Kind kind, String message, String leaderHint, Throwable cause) {
    this(kind, message, leaderHint, cause, 0);
  }

  private KvServiceException(Kind kind, String message, String leaderHint, Throwable cause, long compactRevision) {
    super(message, cause);
    this.kind = Objects.requireNonNull(kind, "kind");
    this.leaderHint = leaderHint;
    this.compactRevision = compactRevision;
  }

  /** The store's compaction point for {@link Kind#COMPACTED}, else 0. */
  public long compactRevision() {
    return compactRevision;
  }

  public Kind kind() {
    return kind;
  }

  /** The client URL of the believed leader, or {@code null}. */
  public String leaderHint() {
    return leaderHint;
  }
}
