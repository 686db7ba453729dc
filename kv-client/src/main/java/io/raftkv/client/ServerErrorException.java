package io.raftkv.client;

/** Any other unexpected status (e.g. 500) or an unparseable response. */
public final class ServerErrorException extends RaftKvException {

  public ServerErrorException(int status, String message) {
    super(status, message, null);
  }
}
