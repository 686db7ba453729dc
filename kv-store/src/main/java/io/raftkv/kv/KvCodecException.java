package io.raftkv.kv;

/** Bytes that are not a valid encoded command or snapshot: truncated, corrupted or of an unknown version. */
public final class KvCodecException extends IllegalArgumentException {

  public KvCodecException(String message) {
    super(message);
  }

  public KvCodecException(String message, Throwable cause) {
    super(message, cause);
  }
}
