package io.raftkv.client.http;

import java.net.URI;
import java.util.Locale;

/**
 * One server address of the cluster's client API.
 *
 * <p>Invariant: host is non-empty and 1 &lt;= port &lt;= 65535. Only cleartext {@code http} is supported:
 * HTTP/2 is spoken with prior knowledge (RFC 9113 §3.3), not negotiated with TLS ALPN.
 */
public record Endpoint(String host, int port) {

  public Endpoint {
    if (host == null || host.isEmpty()) {
      throw new IllegalArgumentException("endpoint host is empty");
    }
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("endpoint port out of range: " + port);
    }
  }

  /**
   * Parses "http://host:port" (a trailing '/' is allowed; "host:port" alone means http).
   *
   * @throws IllegalArgumentException with a message naming the bad text
   */
  public static Endpoint parse(String text) {
    String trimmed = text == null ? "" : text.trim();
    if (trimmed.isEmpty()) {
      throw new IllegalArgumentException("empty endpoint");
    }
    String withScheme = trimmed.contains("://") ? trimmed : "http://" + trimmed;
    URI uri;
    try {
      uri = URI.create(withScheme);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("malformed endpoint '" + text + "': " + e.getMessage(), e);
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http")) {
      throw new IllegalArgumentException("unsupported scheme in endpoint '" + text + "' (only http)");
    }
    if (uri.getHost() == null || uri.getPort() < 0) {
      throw new IllegalArgumentException("endpoint '" + text + "' needs host and port, e.g. http://127.0.0.1:8081");
    }
    String path = uri.getRawPath();
    if (path != null && !path.isEmpty() && !path.equals("/")) {
      throw new IllegalArgumentException("endpoint '" + text + "' must not have a path");
    }
    String host = uri.getHost();
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1); // IPv6 literal; authority() adds the brackets back
    }
    return new Endpoint(host, uri.getPort());
  }

  /** The value of the Host header / :authority pseudo-header. */
  public String authority() {
    return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
  }

  @Override
  public String toString() {
    return "http://" + authority();
  }
}
