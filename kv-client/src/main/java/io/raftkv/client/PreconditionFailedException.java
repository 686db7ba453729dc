package io.raftkv.client;

import java.util.OptionalLong;

/**
 * HTTP 412: an If-Match or create-only condition did not hold, so nothing was written.
 * {@link #currentModRevision()} is the key's modRevision at the time of the check, empty when the key did
 * not exist.
 */
public final class PreconditionFailedException extends RaftKvException {

  private final OptionalLong currentModRevision;

  public PreconditionFailedException(String key, OptionalLong currentModRevision, String message) {
    super(412, "precondition failed for key '" + key + "'"
        + (currentModRevision.isPresent() ? " (current modRevision " + currentModRevision.getAsLong() + ")"
            : " (key absent)")
        + (message == null || message.isEmpty() ? "" : ": " + message), null);
    this.currentModRevision = currentModRevision;
  }

  public OptionalLong currentModRevision() {
    return currentModRevision;
  }
}
