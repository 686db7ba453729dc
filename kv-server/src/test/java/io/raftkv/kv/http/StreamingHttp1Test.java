package io.raftkv.kv.http;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.netty.handler.codec.http.DefaultHttpHeaders;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Streamed responses over HTTP/1.1: chunked framing, keep-alive after the end, back-pressure, cancel. */
class StreamingHttp1Test {

  private static final String STREAM = "GET /test/stream?id=%s HTTP/1.1\r\nHost: x\r\n\r\n";
  private static final String HEALTH = "GET /health HTTP/1.1\r\nHost: x\r\n\r\n";

  private StreamServer server;

  @BeforeEach
  void start() throws Exception {
    server = new StreamServer();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void chunksArriveInOrderWithTrailersAndTheConnectionServesTheNextRequest() throws Exception {
    TestSources.Fed source = server.register("a", new TestSources.Fed());
    source.offer("alpha").offer("beta").offer("gamma").end(new DefaultHttpHeaders().set("x-digest", "abc"));
    try (RawHttp http = new RawHttp(server.port())) {
      http.send(STREAM.formatted("a"));
      RawHttp.Response head = http.readHead();
      assertThat(head.status()).isEqualTo(200);
      assertThat(head.headers()).containsEntry("transfer-encoding", "chunked")
          .containsEntry("content-type", StreamServer.CONTENT_TYPE).doesNotContainKey("content-length");
      assertThat(new String(http.readChunk(), UTF_8)).isEqualTo("alpha");
      assertThat(new String(http.readChunk(), UTF_8)).isEqualTo("beta");
      assertThat(new String(http.readChunk(), UTF_8)).isEqualTo("gamma");
      assertThat(http.readChunk()).isNull();
      assertThat(http.trailers()).containsEntry("x-digest", "abc");
      http.send(HEALTH);
      assertThat(http.read().status()).isEqualTo(200);
    }
    assertThat(source.closes.get()).isEqualTo(1);
    assertThat(source.usedAfterClose).isFalse();
  }

  @Test
  void dataSignalledLaterIsDeliveredAndAPipelinedRequestWaitsForTheStreamsEnd() throws Exception {
    TestSources.Fed source = server.register("later", new TestSources.Fed());
    try (RawHttp http = new RawHttp(server.port())) {
      // Both requests in one write: the /health response must come after the stream's last chunk.
      http.send(STREAM.formatted("later") + HEALTH);
      assertThat(http.readHead().status()).isEqualTo(200);
      source.started.get();
      source.offer("first");
      assertThat(new String(http.readChunk(), UTF_8)).isEqualTo("first");
      source.offer("second");
      assertThat(new String(http.readChunk(), UTF_8)).isEqualTo("second");
      source.end(new DefaultHttpHeaders());
      assertThat(http.readChunk()).isNull();
      RawHttp.Response health = http.read();
      assertThat(health.status()).isEqualTo(200);
      assertThat(health.text()).contains("ok");
    }
    assertThat(source.closes.get()).isEqualTo(1);
  }

  @Test
  void aStalledReaderBoundsWhatIsPulledThenReceivesEverything() throws Exception {
    int chunk = 16 * 1024;
    try (RawHttp http = new RawHttp(server.port(), 64 * 1024)) {
      // Bytes that can be in flight while the client reads nothing: the node's outbound buffer up to its
      // high-water mark plus the chunk that crossed it, the kernel's send buffer at its autotuning ceiling,
      // and this socket's receive buffer. A node without back-pressure pulls the whole source instead.
      long inFlight = 64 * 1024 + chunk + kernelSendBufferCeiling() + http.receiveBufferBytes();
      int bound = (int) (inFlight / chunk) + 2;
      int total = 2 * bound;
      TestSources.Generated source = server.register("big", new TestSources.Generated(total, chunk));
      http.send(STREAM.formatted("big"));
      await().atMost(Duration.ofSeconds(10)).until(() -> source.pulled.get() > 0);
      await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(10))
          .until(() -> source.pulled.get() <= bound);
      assertThat(http.readHead().status()).isEqualTo(200);
      assertThat(http.readChunkedBody()).isEqualTo(TestSources.Generated.expected(total, chunk));
      assertThat(source.pulled.get()).isEqualTo(total);
      http.send(HEALTH);
      assertThat(http.read().status()).isEqualTo(200);
      assertThat(source.closes.get()).isEqualTo(1);
    }
  }

  @Test
  void clientDisconnectClosesTheSourceOnceAndNothingMoreIsPulled() throws Exception {
    TestSources.Generated source = server.register("endless", new TestSources.Generated(Integer.MAX_VALUE, 1024));
    try (RawHttp http = new RawHttp(server.port())) {
      http.send(STREAM.formatted("endless"));
      assertThat(http.readHead().status()).isEqualTo(200);
      assertThat(http.readChunk()).hasSize(1024);
    }
    await().atMost(Duration.ofSeconds(10)).until(() -> source.closes.get() == 1);
    await().atMost(Duration.ofSeconds(10)).until(() -> server.server.openStreams() == 0);
    await().during(Duration.ofMillis(200)).atMost(Duration.ofSeconds(5))
        .until(() -> source.closes.get() == 1 && !source.usedAfterClose.get());
  }

  @Test
  void aFailingSourceClosesTheConnectionAndTheNodeKeepsServing() throws Exception {
    TestSources.Generated source = server.register("broken", new TestSources.Generated(10, 100, 3));
    try (RawHttp http = new RawHttp(server.port())) {
      http.send(STREAM.formatted("broken"));
      assertThat(http.readHead().status()).isEqualTo(200);
      for (int i = 0; i < 3; i++) {
        assertThat(http.readChunk()).hasSize(100);
      }
      // The status went out already, so the only way to say "broken" is to end without the last chunk.
      assertThatThrownBy(http::readChunk).isInstanceOf(IOException.class);
    }
    assertThat(source.closes.get()).isEqualTo(1);
    try (RawHttp http = new RawHttp(server.port())) {
      http.send(HEALTH);
      assertThat(http.read().status()).isEqualTo(200);
    }
  }

  @Test
  void anHttp10ClientGetsTheBodyDelimitedByClose() throws Exception {
    TestSources.Generated source = server.register("old", new TestSources.Generated(5, 10));
    try (RawHttp http = new RawHttp(server.port())) {
      http.send("GET /test/stream?id=old HTTP/1.0\r\n\r\n");
      RawHttp.Response head = http.readHead();
      assertThat(head.status()).isEqualTo(200);
      assertThat(head.headers()).containsEntry("connection", "close").doesNotContainKey("transfer-encoding");
      assertThat(http.readToEnd()).isEqualTo(TestSources.Generated.expected(5, 10));
    }
    assertThat(source.closes.get()).isEqualTo(1);
  }

  /** The most the kernel lets a TCP send buffer grow to (tcp_wmem's maximum), or 16 MiB if unknown. */
  static long kernelSendBufferCeiling() {
    try {
      String[] fields = Files.readString(Path.of("/proc/sys/net/ipv4/tcp_wmem")).trim().split("\\s+");
      return Long.parseLong(fields[2]);
    } catch (IOException | RuntimeException e) {
      return 16L << 20;
    }
  }
}
