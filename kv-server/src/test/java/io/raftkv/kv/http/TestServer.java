package io.raftkv.kv.http;

import io.raftkv.kv.KvLimits;
import io.raftkv.kv.KvStateMachine;
import io.raftkv.kv.api.LocalKvService;
import io.raftkv.kv.http.stream.OpenStreams;
import java.time.Duration;
import java.util.List;

/** A real {@link KvHttpServer} on a free loopback port over a {@link LocalKvService}. */
final class TestServer implements AutoCloseable {

  final KvStateMachine stateMachine;
  final LocalKvService service;
  final KvHttpServer server;

  TestServer(KvLimits limits, int maxInFlight) throws InterruptedException {
    this(limits, maxInFlight, 100);
  }

  TestServer(KvLimits limits, int maxInFlight, int maxConcurrentStreams) throws InterruptedException {
    this(limits, maxInFlight, maxConcurrentStreams, true);
  }

  /** With {@code epoll} false the server runs on NIO even where epoll is available. */
  TestServer(KvLimits limits, int maxInFlight, int maxConcurrentStreams, boolean epoll) throws InterruptedException {
    this(limits, maxInFlight, maxConcurrentStreams, epoll, OpenStreams.DEFAULT_MAX_STREAMS, List.of());
  }

  /** With {@code routes} served before the API table and at most {@code maxOpenStreams} streamed responses. */
  TestServer(KvLimits limits, int maxInFlight, int maxConcurrentStreams, boolean epoll, int maxOpenStreams,
      List<Router.Route> routes) throws InterruptedException {
    this(limits, maxInFlight, Duration.ofSeconds(10), maxConcurrentStreams, epoll, maxOpenStreams, routes);
  }

  /** With the given request timeout (the server's 504 bound). */
  TestServer(KvLimits limits, int maxInFlight, Duration requestTimeout) throws InterruptedException {
    this(limits, maxInFlight, requestTimeout, 100, true, OpenStreams.DEFAULT_MAX_STREAMS, List.of());
  }

  private TestServer(KvLimits limits, int maxInFlight, Duration requestTimeout, int maxConcurrentStreams,
      boolean epoll, int maxOpenStreams, List<Router.Route> routes) throws InterruptedException {
    stateMachine = new KvStateMachine(limits);
    service = new LocalKvService(stateMachine);
    HttpServerConfig config = new HttpServerConfig("127.0.0.1", 0, limits, maxInFlight, maxConcurrentStreams,
        requestTimeout, 2, epoll);
    server = KvHttpServer.start(config, service, maxOpenStreams, routes);
  }

  int port() {
    return server.port();
  }

  String url(String path) {
    return "http://127.0.0.1:" + port() + path;
  }

  @Override
  public void close() {
    server.close();
    service.close();
  }
}
