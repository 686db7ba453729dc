package io.raftkv.kv.http;

import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.raftkv.kv.KvLimits;
import io.raftkv.kv.KvStateMachine;
import io.raftkv.kv.api.LocalKvService;
import io.raftkv.kv.http.stream.ChunkSource;
import io.raftkv.kv.http.stream.StreamingResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A real {@link KvHttpServer} with one extra, test-only route, {@code GET /test/stream?id=ID}, which streams
 * the {@link ChunkSource} the test registered under ID (each source serves one request). The API table is
 * served as usual over a {@link LocalKvService}.
 */
final class StreamServer implements AutoCloseable {

  static final String CONTENT_TYPE = "application/x-test-stream";

  private final Map<String, ChunkSource> sources = new ConcurrentHashMap<>();
  private final LocalKvService service;
  final KvHttpServer server;

  StreamServer() throws InterruptedException {
    this(1000, 100);
  }

  StreamServer(int maxInFlight, int maxStreams) throws InterruptedException {
    KvLimits limits = new KvLimits(1024, 16);
    service = new LocalKvService(new KvStateMachine(limits));
    HttpServerConfig config = new HttpServerConfig("127.0.0.1", 0, limits, maxInFlight, 100,
        Duration.ofSeconds(10), 2, true);
    Router.Route route = new Router.Route(HttpMethod.GET, "/test/stream", this::stream);
    server = KvHttpServer.start(config, service, maxStreams, List.of(route));
  }

  /** Serves {@code source} to the request for {@code id}. */
  <S extends ChunkSource> S register(String id, S source) {
    sources.put(id, source);
    return source;
  }

  private CompletableFuture<Reply> stream(ApiRequest request) {
    ChunkSource source = sources.remove(String.valueOf(request.param("id")));
    if (source == null) {
      return CompletableFuture.completedFuture(Reply.full(
          Responses.error(HttpResponseStatus.NOT_FOUND, "not_found", "no source registered")));
    }
    HttpHeaders headers = new DefaultHttpHeaders().set(HttpHeaderNames.CONTENT_TYPE, CONTENT_TYPE);
    return CompletableFuture.completedFuture(
        Reply.streamed(new StreamingResponse(HttpResponseStatus.OK, headers, source)));
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
