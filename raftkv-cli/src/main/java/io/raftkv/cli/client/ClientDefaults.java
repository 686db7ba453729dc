package io.raftkv.cli.client;

/** Defaults shared by the client commands and the bench tool; the one place to change them. */
public final class ClientDefaults {

  /** The client endpoints of the local three-node cluster started by {@code raftkv local}. */
  public static final String ENDPOINTS = "http://127.0.0.1:8081,http://127.0.0.1:8082,http://127.0.0.1:8083";

  /**
   * Bound on one attempt at one endpoint: longer than the server's 10 s request timeout, so the server's
   * 503 (not applied) or 504 (unknown) arrives before the client would have to report an unknown outcome.
   */
  public static final String TIMEOUT = "12s";

  private ClientDefaults() {
  }
}
