package io.raftkv.client.http;

import java.util.concurrent.CompletableFuture;

/**
 * The connections to one endpoint. Implementations never retry: a failed exchange completes exceptionally
 * with an {@link ExchangeFailedException} and the caller decides where to go next.
 */
public interface EndpointPool extends AutoCloseable {

  Endpoint endpoint();

  /** Sends one request; the future completes on the pool's event loop with a response or an ExchangeFailedException. */
  CompletableFuture<HttpResult> send(HttpRequestSpec request);

  /** Closes every connection; queued and in-flight exchanges fail. Idempotent. */
  @Override
  void close();
}
