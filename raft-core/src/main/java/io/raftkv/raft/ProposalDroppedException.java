package io.raftkv.raft;

/**
 * Thrown when a proposal is refused before it entered any log: the command was certainly not applied,
 * so the client may retry it elsewhere.
 */
public final class ProposalDroppedException extends RuntimeException {

  private final DropReason reason;

  public ProposalDroppedException(DropReason reason) {
    super("proposal dropped: " + reason, null, false, false);
    this.reason = reason;
  }

  public DropReason reason() {
    return reason;
  }
}
