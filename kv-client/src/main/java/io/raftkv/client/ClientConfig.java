package io.raftkv.client;

import io.raftkv.client.http.Endpoint;
import java.time.Duration;
import java.util.List;

/**
 * Settings of a {@link RaftKvClient}; build with {@link RaftKvClient#builder()}.
 *
 * @param endpoints the cluster's client endpoints, tried in order on failover
 * @param http2 HTTP/2 cleartext with prior knowledge when true, else HTTP/1.1 keep-alive
 * @param connectionsPerEndpoint TCP connections per endpoint
 * @param streamsPerConnection concurrent HTTP/2 streams per connection (HTTP/1.1 always has one)
 * @param requestTimeout bound on one attempt at one endpoint
 * @param connectTimeout TCP connect timeout
 * @param ioThreads Netty event loop threads
 * @param maxAttempts attempts over all endpoints before giving up with UnavailableException
 * @param maxResponseBytes largest response body accepted
 */
public record ClientConfig(List<Endpoint> endpoints, boolean http2, int connectionsPerEndpoint,
    int streamsPerConnection, Duration requestTimeout, Duration connectTimeout, int ioThreads, int maxAttempts,
    int maxResponseBytes) {

  public ClientConfig {
    endpoints = List.copyOf(endpoints);
    if (endpoints.isEmpty()) {
      throw new IllegalArgumentException("at least one endpoint is required");
    }
    if (ioThreads < 1 || maxAttempts < 1 || maxResponseBytes < 1024) {
      throw new IllegalArgumentException("ioThreads and maxAttempts must be >= 1, maxResponseBytes >= 1024");
    }
  }
}
