package io.raftkv.client.http;

import java.time.Duration;

/**
 * Per-endpoint connection settings.
 *
 * @param connections connections per endpoint, at least 1
 * @param streamsPerConnection concurrent HTTP/2 streams per connection (ignored for HTTP/1.1), at least 1
 * @param requestTimeout bound on one attempt, from dispatch to the last response byte
 * @param connectTimeoutMillis TCP connect timeout
 * @param maxResponseBytes largest response body accepted
 */
public record PoolSettings(int connections, int streamsPerConnection, Duration requestTimeout,
    int connectTimeoutMillis, int maxResponseBytes) {

  public PoolSettings {
    if (connections < 1) {
      throw new IllegalArgumentException("connections must be >= 1: " + connections);
    }
    if (streamsPerConnection < 1) {
      throw new IllegalArgumentException("streams per connection must be >= 1: " + streamsPerConnection);
    }
    if (requestTimeout.isNegative() || requestTimeout.isZero()) {
      throw new IllegalArgumentException("request timeout must be positive: " + requestTimeout);
    }
  }
}
