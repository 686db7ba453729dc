package io.raftkv.kv.http;

import io.raftkv.kv.KvLimits;
import java.time.Duration;
import java.util.Objects;

/**
 * Settings of the client-facing HTTP server.
 *
 * @param host the address to bind, e.g. {@code 0.0.0.0} or {@code 127.0.0.1}
 * @param port the port to bind; 0 picks a free one (see {@link KvHttpServer#port()})
 * @param limits value and transaction size limits; request bodies are capped from them
 * @param maxInFlight requests admitted at once across all connections and streams; beyond it the server
 *     answers 429 without reading the body, so buffered bodies never exceed {@code maxInFlight *
 *     maxBodyBytes()}
 * @param maxConcurrentStreams the HTTP/2 SETTINGS_MAX_CONCURRENT_STREAMS advertised per connection
 * @param requestTimeout how long a request may wait for the service before the server answers 504
 * @param workerThreads event-loop threads for connections (0 = Netty's default of 2 x cores)
 * @param preferEpoll use the native epoll transport when the platform has it
 */
public record HttpServerConfig(
    String host,
    int port,
    KvLimits limits,
    int maxInFlight,
    int maxConcurrentStreams,
    Duration requestTimeout,
    int workerThreads,
    boolean preferEpoll) {

  /** Room for the JSON and base64 around values in a request body. */
  public static final int BODY_SLACK_BYTES = 64 * 1024;

  public HttpServerConfig {
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(limits, "limits");
    Objects.requireNonNull(requestTimeout, "requestTimeout");
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port out of range: " + port);
    }
    if (maxInFlight < 1 || maxConcurrentStreams < 1 || workerThreads < 0) {
      throw new IllegalArgumentException("maxInFlight and maxConcurrentStreams must be >= 1, workerThreads >= 0");
    }
  }

  /** Defaults: 1 MiB values, 128 requests in flight, 100 streams per connection, 10 s timeout, epoll. */
  public static HttpServerConfig defaults(String host, int port) {
    return new HttpServerConfig(host, port, KvLimits.defaults(), 128, 100, Duration.ofSeconds(10), 0, true);
  }

  /**
   * {@link #defaults(String, int)} with the store's limits, for a service that enforces {@code
   * serviceTimeout} itself: the HTTP layer's own timeout is a backstop one second later, so the service's
   * more precise failure (e.g. "no leader" rather than "timeout") normally wins.
   */
  public static HttpServerConfig defaults(String host, int port, KvLimits limits, Duration serviceTimeout) {
    return new HttpServerConfig(host, port, limits, 128, 100, serviceTimeout.plusSeconds(1), 0, true);
  }

  public HttpServerConfig withLimits(KvLimits newLimits) {
    return new HttpServerConfig(host, port, newLimits, maxInFlight, maxConcurrentStreams, requestTimeout,
        workerThreads, preferEpoll);
  }

  public HttpServerConfig withMaxInFlight(int newMaxInFlight) {
    return new HttpServerConfig(host, port, limits, newMaxInFlight, maxConcurrentStreams, requestTimeout,
        workerThreads, preferEpoll);
  }

  /** The largest body of {@code PUT /v1/kv/{key}}: one raw value plus slack. */
  public int maxPutBodyBytes() {
    return (int) Math.min(Integer.MAX_VALUE, (long) limits.maxValueBytes() + BODY_SLACK_BYTES);
  }

  /**
   * The largest body of any request: a transaction carrying one maximal value in base64 (4/3 of the raw
   * size) plus slack.
   */
  public int maxBodyBytes() {
    long base64 = ((long) limits.maxValueBytes() + 2) / 3 * 4;
    return (int) Math.min(Integer.MAX_VALUE, Math.max(maxPutBodyBytes(), base64 + BODY_SLACK_BYTES));
  }
}
