package io.raftkv.client;

/**
 * A write may or may not have been applied: the server answered 504, or the connection failed or timed out
 * after the request was sent. The client never resends such a write on its own, because a second apply
 * could overwrite a newer value; read the key (or use a conditional write) before retrying.
 */
public final class OutcomeUnknownException extends RaftKvException {

  public OutcomeUnknownException(int status, String message, Throwable cause) {
    super(status, message, cause);
  }
}
