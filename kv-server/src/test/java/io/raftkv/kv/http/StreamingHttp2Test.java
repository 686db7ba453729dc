package io.raftkv.kv.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http2.Http2Error;
import io.netty.handler.codec.http2.Http2Headers;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Streamed responses over h2c: DATA frames per stream, per-stream back-pressure (a stalled stream stops
 * only itself), reset and failure, and a stream on the {@code Upgrade: h2c} request.
 */
class StreamingHttp2Test {

  /** What the server may hold for a stream whose client grants no window: see {@link #stalledBound}. */
  private static final int INITIAL_STREAM_WINDOW = 65_535;
  private static final int CHILD_HIGH_WATER_MARK = 64 * 1024;

  private StreamServer server;
  private H2StreamClient h2;

  @BeforeEach
  void start() throws Exception {
    server = new StreamServer();
    h2 = new H2StreamClient(server.port());
  }

  @AfterEach
  void stop() {
    h2.close();
    server.close();
  }

  private static String path(String id) {
    return "/test/stream?id=" + id;
  }

  /**
   * Chunks a stalled stream may pull: the client's initial window (sent, unread) plus the child channel's
   * high-water mark of pending DATA plus the chunk that crossed it.
   */
  private static int stalledBound(int chunk) {
    return (INITIAL_STREAM_WINDOW + CHILD_HIGH_WATER_MARK) / chunk + 2;
  }

  @Test
  void multiplexedStreamsCompleteWhileAStalledOneStaysBoundedThenItReceivesEverything() throws Exception {
    int chunk = 4096;
    int stalledTotal = 8 * stalledBound(chunk);
    TestSources.Generated stalledSource = server.register("stalled",
        new TestSources.Generated(stalledTotal, chunk));
    TestSources.Generated fastSource = server.register("fast", new TestSources.Generated(100, chunk));
    TestSources.Fed fedSource = server.register("fed", new TestSources.Fed());
    fedSource.offer("one").offer("two").end(new DefaultHttpHeaders());

    H2StreamClient.Stream stalled = h2.get(path("stalled"), true);
    H2StreamClient.Stream fast = h2.get(path("fast"), false);
    H2StreamClient.Stream fed = h2.get(path("fed"), false);

    fast.ended.get(10, TimeUnit.SECONDS);
    fed.ended.get(10, TimeUnit.SECONDS);
    assertThat(fast.headers.get().status().toString()).isEqualTo("200");
    assertThat(fast.headers.get().get("content-type").toString()).isEqualTo(StreamServer.CONTENT_TYPE);
    assertThat(fast.body()).isEqualTo(TestSources.Generated.expected(100, chunk));
    assertThat(fed.text()).isEqualTo("onetwo");

    await().atMost(Duration.ofSeconds(10)).until(() -> stalledSource.pulled.get() > 0);
    await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(10))
        .until(() -> stalledSource.pulled.get() <= stalledBound(chunk));
    assertThat(stalled.ended).isNotDone();

    stalled.resume();
    stalled.ended.get(10, TimeUnit.SECONDS);
    assertThat(stalled.body()).isEqualTo(TestSources.Generated.expected(stalledTotal, chunk));
    assertThat(stalledSource.closes.get()).isEqualTo(1);
    assertThat(fastSource.closes.get()).isEqualTo(1);
    assertThat(fedSource.closes.get()).isEqualTo(1);
    assertThat(h2.isOpen()).isTrue();
  }

  @Test
  void dataSignalledLaterIsDeliveredAndTrailersEndTheStream() throws Exception {
    TestSources.Fed source = server.register("later", new TestSources.Fed());
    H2StreamClient.Stream stream = h2.get(path("later"), false);
    assertThat(stream.headers.get(10, TimeUnit.SECONDS).status().toString()).isEqualTo("200");
    source.started.get(10, TimeUnit.SECONDS);
    source.offer("tick");
    await().atMost(Duration.ofSeconds(10)).until(() -> stream.text().equals("tick"));
    assertThat(stream.ended).isNotDone();
    source.end(new DefaultHttpHeaders().set("x-digest", "abc"));
    Http2Headers trailers = stream.trailers.get(10, TimeUnit.SECONDS);
    assertThat(trailers.get("x-digest").toString()).isEqualTo("abc");
    stream.ended.get(10, TimeUnit.SECONDS);
    assertThat(source.closes.get()).isEqualTo(1);
  }

  @Test
  void aResetStreamClosesTheSourceOnceAndTheConnectionKeepsServing() throws Exception {
    TestSources.Generated source = server.register("endless",
        new TestSources.Generated(Integer.MAX_VALUE, 1024));
    H2StreamClient.Stream stream = h2.get(path("endless"), false);
    await().atMost(Duration.ofSeconds(10)).until(() -> stream.body().length > 0);
    stream.cancel();
    await().atMost(Duration.ofSeconds(10)).until(() -> source.closes.get() == 1);
    await().atMost(Duration.ofSeconds(10)).until(() -> server.server.openStreams() == 0);
    await().during(Duration.ofMillis(200)).atMost(Duration.ofSeconds(5))
        .until(() -> source.closes.get() == 1 && !source.usedAfterClose.get());

    server.register("next", new TestSources.Generated(3, 10));
    H2StreamClient.Stream next = h2.get(path("next"), false);
    next.ended.get(10, TimeUnit.SECONDS);
    assertThat(next.body()).isEqualTo(TestSources.Generated.expected(3, 10));
  }

  @Test
  void aFailingSourceResetsItsStreamWithInternalError() throws Exception {
    TestSources.Generated source = server.register("broken", new TestSources.Generated(10, 100, 2));
    H2StreamClient.Stream stream = h2.get(path("broken"), false);
    assertThat(stream.reset.get(10, TimeUnit.SECONDS)).isEqualTo(Http2Error.INTERNAL_ERROR.code());
    assertThat(stream.ended).isNotDone();
    assertThat(source.closes.get()).isEqualTo(1);

    server.register("after", new TestSources.Generated(2, 10));
    H2StreamClient.Stream after = h2.get(path("after"), false);
    after.ended.get(10, TimeUnit.SECONDS);
    assertThat(after.body()).isEqualTo(TestSources.Generated.expected(2, 10));
    assertThat(h2.isOpen()).isTrue();
  }

  @Test
  void theUpgradeRequestAndLaterRequestsStreamOverHttp2() throws Exception {
    TestSources.Generated first = server.register("up1", new TestSources.Generated(20, 1000));
    TestSources.Generated second = server.register("up2", new TestSources.Generated(30, 1000));
    HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_2).build();
    // The JDK client asks for Upgrade: h2c on its first request to a cleartext server; the server answers
    // that request on stream 1.
    HttpResponse<byte[]> upgraded = client.send(HttpRequest.newBuilder(URI.create(server.url(path("up1"))))
        .GET().build(), BodyHandlers.ofByteArray());
    assertThat(upgraded.statusCode()).isEqualTo(200);
    assertThat(upgraded.body()).isEqualTo(TestSources.Generated.expected(20, 1000));
    HttpResponse<byte[]> next = client.send(HttpRequest.newBuilder(URI.create(server.url(path("up2"))))
        .GET().build(), BodyHandlers.ofByteArray());
    assertThat(next.version()).isEqualTo(HttpClient.Version.HTTP_2);
    assertThat(next.body()).isEqualTo(TestSources.Generated.expected(30, 1000));
    assertThat(first.closes.get()).isEqualTo(1);
    assertThat(second.closes.get()).isEqualTo(1);
  }
}
