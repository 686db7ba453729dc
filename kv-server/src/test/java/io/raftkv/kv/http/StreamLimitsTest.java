package io.raftkv.kv.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.netty.handler.codec.http.DefaultHttpHeaders;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** How open streams are bounded, how they relate to the in-flight limit, and how shutdown ends them. */
class StreamLimitsTest {

  private static final String STREAM = "GET /test/stream?id=%s HTTP/1.1\r\nHost: x\r\n\r\n";

  @Test
  void streamsBeyondTheLimitGet429WhileOpenStreamsHoldNoInFlightPermit() throws Exception {
    // One request in flight and one stream open at most.
    try (StreamServer server = new StreamServer(1, 1);
        RawHttp first = new RawHttp(server.port());
        RawHttp other = new RawHttp(server.port())) {
      TestSources.Fed open = server.register("open", new TestSources.Fed());
      first.send(STREAM.formatted("open"));
      assertThat(first.readHead().status()).isEqualTo(200);
      assertThat(server.server.openStreams()).isEqualTo(1);

      // The open stream does not hold the only in-flight permit: ordinary requests still get in.
      assertThat(server.server.inFlight()).isZero();
      other.send("GET /health HTTP/1.1\r\nHost: x\r\n\r\n");
      assertThat(other.read().status()).isEqualTo(200);

      TestSources.Fed refused = server.register("refused", new TestSources.Fed());
      other.send(STREAM.formatted("refused"));
      RawHttp.Response tooMany = other.read();
      assertThat(tooMany.status()).isEqualTo(429);
      assertThat(tooMany.text()).contains("\"error\":\"too_many_streams\"");
      assertThat(tooMany.headers()).containsEntry("retry-after", "1");
      assertThat(refused.closes.get()).isEqualTo(1);
      assertThat(refused.pulled.get()).isZero();

      open.end(new DefaultHttpHeaders());
      assertThat(first.readChunkedBody()).isEmpty();
      await().atMost(Duration.ofSeconds(10)).until(() -> server.server.openStreams() == 0);
      TestSources.Fed again = server.register("again", new TestSources.Fed());
      again.offer("x").end(new DefaultHttpHeaders());
      other.send(STREAM.formatted("again"));
      assertThat(other.readHead().status()).isEqualTo(200);
      assertThat(other.readChunkedBody()).hasSize(1);
    }
  }

  @Test
  void closingTheServerClosesEveryOpenStreamsSource() throws Exception {
    StreamServer server = new StreamServer();
    TestSources.Fed overHttp1 = server.register("h1", new TestSources.Fed());
    TestSources.Fed overHttp2 = server.register("h2", new TestSources.Fed());
    try (RawHttp http1 = new RawHttp(server.port()); H2StreamClient h2 = new H2StreamClient(server.port())) {
      http1.send(STREAM.formatted("h1"));
      assertThat(http1.readHead().status()).isEqualTo(200);
      H2StreamClient.Stream stream = h2.get("/test/stream?id=h2", false);
      stream.headers.get(10, TimeUnit.SECONDS);
      assertThat(server.server.openStreams()).isEqualTo(2);

      server.close();

      assertThat(overHttp1.closes.get()).isEqualTo(1);
      assertThat(overHttp2.closes.get()).isEqualTo(1);
      assertThat(http1.closedByServer()).isTrue();
      assertThat(stream.ended).isNotDone();
    }
  }

  @Test
  void aStreamThatEndsAtOnceStillFramesAnEmptyBody() throws Exception {
    try (StreamServer server = new StreamServer(); RawHttp http = new RawHttp(server.port())) {
      TestSources.Generated empty = server.register("empty", new TestSources.Generated(0, 1));
      http.send(STREAM.formatted("empty"));
      assertThat(http.readHead().headers()).containsEntry("transfer-encoding", "chunked");
      assertThat(http.readChunkedBody()).isEmpty();
      assertThat(empty.closes.get()).isEqualTo(1);
      http.send("GET /health HTTP/1.1\r\nHost: x\r\n\r\n");
      assertThat(http.read().status()).isEqualTo(200);
    }
  }
}
