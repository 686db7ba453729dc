package io.raftkv.kv.http;

import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.raftkv.api.ErrorKind;
import io.raftkv.kv.KvLimits;
import io.raftkv.kv.http.stream.ChunkSource;
import io.raftkv.kv.http.stream.StreamingResponse;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A real {@link KvHttpServer} with one extra, test-only route, {@code GET /test/stream?id=ID}, which streams
 * the {@link ChunkSource} the test registered under ID (each source serves one request), on a {@link
 * TestServer} that serves the API table as usual.
 */
final class StreamServer implements AutoCloseable {

  static final String CONTENT_TYPE = "application/x-test-stream";

  private final Map<String, ChunkSource> sources = new ConcurrentHashMap<>();
  private final TestServer http;
  final KvHttpServer server;

  StreamServer() throws InterruptedException {
    this(1000, 100);
  }

  StreamServer(int maxInFlight, int maxStreams) throws InterruptedException {
    Router.Route route = new Router.Route(HttpMethod.GET, "/test/stream", this::stream);
    http = new TestServer(new KvLimits(1024, 16), maxInFlight, 100, true, maxStreams, List.of(route));
    server = http.server;
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
          Responses.error(ErrorKind.NOT_FOUND, "no source registered")));
    }
    HttpHeaders headers = new DefaultHttpHeaders().set(HttpHeaderNames.CONTENT_TYPE, CONTENT_TYPE);
    return CompletableFuture.completedFuture(
        Reply.streamed(new StreamingResponse(HttpResponseStatus.OK, headers, source)));
  }

  int port() {
    return http.port();
  }

  String url(String path) {
    return http.url(path);
  }

  @Override
  public void close() {
    http.close();
  }
}
