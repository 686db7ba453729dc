package io.raftkv.client;

/**
 * No endpoint could take the request, and it was provably not applied anywhere: every attempt failed
 * before the request was sent, or was answered 503. Safe to retry later.
 */
public final class UnavailableException extends RaftKvException {

  public UnavailableException(int status, String message, Throwable cause) {
    super(status, message, cause);
  }
}
