package io.raftkv.client.http;

import java.util.Map;
import java.util.Objects;

/**
 * One HTTP request as the client's failover layer sees it: endpoint-independent, so the same spec can be
 * sent to another node after a failure that provably did not apply it.
 *
 * <p>Invariant: {@code pathAndQuery} starts with '/' and is already percent-encoded; {@code body} is never
 * null (empty for GET/DELETE).
 *
 * @param method HTTP method name, e.g. "PUT"
 * @param pathAndQuery encoded path plus optional query string
 * @param headers extra request headers (If-Match, Content-Type, ...)
 * @param body request body
 * @param idempotent true when sending it twice has the same effect as once (reads); only those are retried
 *     after the request may have reached a server
 */
public record HttpRequestSpec(String method, String pathAndQuery, Map<String, String> headers, byte[] body,
    boolean idempotent) {

  private static final byte[] EMPTY = new byte[0];

  public HttpRequestSpec {
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(pathAndQuery, "pathAndQuery");
    if (!pathAndQuery.startsWith("/")) {
      throw new IllegalArgumentException("path must start with '/': " + pathAndQuery);
    }
    headers = Map.copyOf(headers);
    body = body == null ? EMPTY : body;
  }

  /** A bodiless request. */
  public static HttpRequestSpec of(String method, String pathAndQuery, Map<String, String> headers,
      boolean idempotent) {
    return new HttpRequestSpec(method, pathAndQuery, headers, EMPTY, idempotent);
  }

  @Override
  public String toString() {
    return method + " " + pathAndQuery;
  }
}
