package io.raftkv.client.http;

/**
 * An exchange ended without an HTTP response. {@link #requestSent()} is the fact failover depends on: when
 * false the request never completely left this process, so no server can have applied it and it is safe to
 * send elsewhere; when true a server may have applied it and only an idempotent request may be resent.
 */
public final class ExchangeFailedException extends Exception {

  private final boolean requestSent;
  private final String endpoint;

  public ExchangeFailedException(String endpoint, boolean requestSent, String message, Throwable cause) {
    super(endpoint + ": " + message, cause);
    this.endpoint = endpoint;
    this.requestSent = requestSent;
  }

  public boolean requestSent() {
    return requestSent;
  }

  public String endpoint() {
    return endpoint;
  }
}
