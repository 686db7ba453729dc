package io.raftkv.kv.http;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.raftkv.kv.KvLimits;
import java.net.SocketException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * HTTP/1.1 at the byte level: garbage, pipelining, keep-alive, chunked oversize bodies and overload. Runs on
 * the NIO transport (the other suites use epoll where available).
 */
class RawHttp1Test {

  private TestServer server;

  @BeforeEach
  void start() throws Exception {
    server = new TestServer(new KvLimits(1024, 16), 64, 100, false);
  }

  @AfterEach
  void stop() throws Exception {
    server.close();
  }

  private RawHttp.Response roundTrip(String request) throws Exception {
    try (RawHttp http = new RawHttp(server.port())) {
      http.send(request);
      return http.read();
    }
  }

  @Test
  void garbageGets400AndTheServerKeepsServing() throws Exception {
    String[] garbage = {"GARBAGE\r\n\r\n", "GET\r\n\r\n", "GET /v1/kv/x HTTP/9.9\r\n\r\n",
        "PUT /v1/kv/x HTTP/1.1\r\nContent-Length: nope\r\n\r\n", "\u0001\u0002\u0003 / HTTP/1.1\r\n\r\n"};
    for (String g : garbage) {
      try (RawHttp http = new RawHttp(server.port())) {
        http.send(g);
        RawHttp.Response r = http.read();
        assertThat(r.status()).as(g).isEqualTo(400);
        assertThat(r.text()).contains("\"error\":\"malformed_request\"");
        assertThat(r.headers().get("connection")).isEqualTo("close");
        assertThat(http.closedByServer()).isTrue();
      }
    }
    byte[] random = new byte[4096];
    new Random(7).nextBytes(random);
    byte[] garbageRequest = Arrays.copyOf(random, random.length + 4);
    System.arraycopy("\r\n\r\n".getBytes(UTF_8), 0, garbageRequest, random.length, 4);
    try (RawHttp http = new RawHttp(server.port())) {
      http.send(garbageRequest);
      assertThat(http.read().status()).isEqualTo(400);
    } catch (SocketException closed) {
      // Random bytes may hold an early line break: the server answers 400 and closes while bytes are still
      // arriving, and the kernel turns that close into a reset (or broken pipe) that can overtake the
      // response. What matters is that the server survives, checked next.
    }
    RawHttp.Response ok = roundTrip("PUT /v1/kv/after HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\nok");
    assertThat(ok.status()).isEqualTo(200);
  }

  @Test
  void pipelinedRequestsAreAnsweredInOrderOnOneConnection() throws Exception {
    // Pipelined requests are concurrent (like HTTP/2 streams), so writes and the reads of them go in
    // separate batches; within a batch the responses must come back in request order.
    try (RawHttp http = new RawHttp(server.port())) {
      StringBuilder puts = new StringBuilder();
      for (int i = 0; i < 40; i++) {
        puts.append("PUT /v1/kv/p").append(i).append(" HTTP/1.1\r\nHost: x\r\nContent-Length: ")
            .append(Integer.toString(i).length()).append("\r\n\r\n").append(i);
      }
      http.send(puts.toString());
      long lastRevision = 0;
      for (int i = 0; i < 40; i++) {
        RawHttp.Response put = http.read();
        assertThat(put.status()).isEqualTo(200);
        long revision = Long.parseLong(put.headers().get("etag").replace("\"", ""));
        assertThat(revision).isGreaterThan(lastRevision);
        lastRevision = revision;
      }
      StringBuilder gets = new StringBuilder();
      for (int i = 0; i < 40; i++) {
        gets.append("GET /v1/kv/p").append(i).append(" HTTP/1.1\r\nHost: x\r\n\r\n");
        gets.append("GET /v1/kv/missing").append(i).append(" HTTP/1.1\r\nHost: x\r\n\r\n");
      }
      http.send(gets.toString());
      for (int i = 0; i < 40; i++) {
        RawHttp.Response get = http.read();
        assertThat(get.status()).isEqualTo(200);
        assertThat(get.text()).isEqualTo(Integer.toString(i));
        assertThat(http.read().status()).isEqualTo(404);
      }
    }
    // Every permit was returned as its response went out.
    await().atMost(Duration.ofSeconds(5)).until(() -> server.server.inFlight() == 0);
  }

  @Test
  void connectionCloseAndHttp10AreHonored() throws Exception {
    try (RawHttp http = new RawHttp(server.port())) {
      http.send("GET /health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
      assertThat(http.read().headers().get("connection")).isEqualTo("close");
      assertThat(http.closedByServer()).isTrue();
    }
    try (RawHttp http = new RawHttp(server.port())) {
      http.send("GET /health HTTP/1.0\r\n\r\n");
      assertThat(http.read().status()).isEqualTo(200);
      assertThat(http.closedByServer()).isTrue();
    }
  }

  @Test
  void chunkedBodyOverTheCapIs413AndTheConnectionStaysUsable() throws Exception {
    int cap = new HttpServerConfig("h", 0, new KvLimits(1024, 16), 1, 1, Duration.ofSeconds(1), 0, false)
        .maxPutBodyBytes();
    try (RawHttp http = new RawHttp(server.port())) {
      StringBuilder req =
          new StringBuilder("PUT /v1/kv/chunky HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n");
      String chunk = "a".repeat(8192);
      for (int sent = 0; sent <= cap; sent += chunk.length()) {
        req.append(Integer.toHexString(chunk.length())).append("\r\n").append(chunk).append("\r\n");
      }
      req.append("0\r\n\r\n");
      req.append("GET /v1/kv/chunky HTTP/1.1\r\nHost: x\r\n\r\n");
      http.send(req.toString());
      RawHttp.Response tooBig = http.read();
      assertThat(tooBig.status()).isEqualTo(413);
      assertThat(tooBig.text()).contains("payload_too_large");
      assertThat(http.read().status()).isEqualTo(404);
    }
  }

  @Test
  void overloadGets429WithRetryAfterWithoutReadingTheBody() throws Exception {
    server.close();
    server = new TestServer(new KvLimits(1024, 16), 2, 100, false);
    // Two requests that declared bodies but have not sent them hold both permits.
    RawHttp slow1 = new RawHttp(server.port());
    RawHttp slow2 = new RawHttp(server.port());
    try (slow1; slow2) {
      slow1.send("PUT /v1/kv/s1 HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nab");
      slow2.send("PUT /v1/kv/s2 HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nab");
      await().atMost(Duration.ofSeconds(5)).until(() -> server.server.inFlight() == 2);
      RawHttp.Response rejected = roundTrip("PUT /v1/kv/x HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\nabc");
      assertThat(rejected.status()).isEqualTo(429);
      assertThat(rejected.headers().get("retry-after")).isEqualTo("1");
      assertThat(rejected.text()).contains("\"error\":\"overloaded\"");
      slow1.send("cde");
      assertThat(slow1.read().status()).isEqualTo(200);
      assertThat(roundTrip("GET /v1/kv/s1 HTTP/1.1\r\nHost: x\r\n\r\n").text()).isEqualTo("abcde");
    }
    // Closing the other half-sent request returned its permit.
    await().atMost(Duration.ofSeconds(5)).until(() -> server.server.inFlight() == 0);
    assertThat(roundTrip("GET /health HTTP/1.1\r\nHost: x\r\n\r\n").status()).isEqualTo(200);
  }

  @Test
  void expectContinueGets100OrAnEarly413ThenClose() throws Exception {
    try (RawHttp http = new RawHttp(server.port())) {
      http.send("PUT /v1/kv/polite HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: 3\r\n\r\n");
      assertThat(http.read().status()).isEqualTo(100);
      http.send("yes");
      assertThat(http.read().status()).isEqualTo(200);
      http.send("PUT /v1/kv/greedy HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: 99999999\r\n\r\n");
      RawHttp.Response refused = http.read();
      assertThat(refused.status()).isEqualTo(413);
      assertThat(refused.text()).contains("payload_too_large");
      // The client will not send that body, so its bytes cannot be skipped: the server closes.
      assertThat(refused.headers().get("connection")).isEqualTo("close");
      assertThat(http.closedByServer()).isTrue();
    }
    assertThat(server.stateMachine.get("polite").orElseThrow().value()).isEqualTo("yes".getBytes(UTF_8));
  }

  @Test
  void rejectedBodyIsSkippedAndTheNextRequestWorks() throws Exception {
    try (RawHttp http = new RawHttp(server.port())) {
      int big = 1024 + HttpServerConfig.BODY_SLACK_BYTES + 10;
      http.send("PUT /v1/kv/huge HTTP/1.1\r\nHost: x\r\nContent-Length: " + big + "\r\n\r\n" + "z".repeat(big)
          + "PUT /v1/kv/small HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\nhi");
      assertThat(http.read().status()).isEqualTo(413);
      RawHttp.Response ok = http.read();
      assertThat(ok.status()).isEqualTo(200);
    }
    assertThat(server.stateMachine.get("small").orElseThrow().value()).isEqualTo("hi".getBytes(UTF_8));
    assertThat(server.stateMachine.get("huge")).isEmpty();
  }
}
