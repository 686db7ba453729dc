package io.raftkv.kv.server;

/** A backup file that cannot be used (corrupt, truncated, foreign), with a message for the operator. */
public final class BackupException extends RuntimeException {

  public BackupException(String message) {
    super(message);
  }

  public BackupException(String message, Throwable cause) {
    super(message, cause);
  }
}
