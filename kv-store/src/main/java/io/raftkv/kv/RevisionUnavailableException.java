package io.raftkv.kv;

/**
 * A read or watch asked for a revision the store cannot answer: below its compaction point (the history is
 * gone: HTTP 410 {@code compacted}) or above its current revision (not written yet: HTTP 400
 * {@code future_revision}). Thrown by {@link KvStateMachine} reads; the services turn it into their error.
 */
public final class RevisionUnavailableException extends RuntimeException {

  private final long requested;
  private final long compactRevision;
  private final long currentRevision;

  public RevisionUnavailableException(long requested, long compactRevision, long currentRevision) {
    super(requested < compactRevision
        ? "revision " + requested + " has been compacted; the oldest revision kept is " + compactRevision
        : "revision " + requested + " is a future revision; the current revision is " + currentRevision);
    this.requested = requested;
    this.compactRevision = compactRevision;
    this.currentRevision = currentRevision;
  }

  /** Whether the revision was compacted (else it is in the future). */
  public boolean compacted() {
    return requested < compactRevision;
  }

  public long requested() {
    return requested;
  }

  public long compactRevision() {
    return compactRevision;
  }

  public long currentRevision() {
    return currentRevision;
  }
}
