package io.raftkv.kv.http;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.raftkv.kv.KvLimits;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Long polls whose wait is longer than the server's request timeout (1 s here): they answer 200 with the
 * state at the end of the wait, or at once on a change, never 504; while they wait they hold no in-flight
 * permit, so ordinary requests still get in on a server that admits two at a time.
 */
class LongPollHttpTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private TestServer server;
  private HttpClient client;

  @BeforeEach
  void start() throws Exception {
    server = new TestServer(new KvLimits(4096, 16), 2, Duration.ofSeconds(1));
    client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private HttpRequest.Builder req(String path) {
    return HttpRequest.newBuilder(URI.create(server.url(path)));
  }

  private HttpResponse<String> get(String path) throws Exception {
    return client.send(req(path).GET().build(), BodyHandlers.ofString());
  }

  private CompletableFuture<HttpResponse<String>> getAsync(String path) {
    return client.sendAsync(req(path).GET().build(), BodyHandlers.ofString());
  }

  private long put(String key, String value) throws Exception {
    HttpResponse<String> r = client.send(req("/v1/kv/" + key).PUT(BodyPublishers.ofString(value)).build(),
        BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(200);
    return JSON.readTree(r.body()).get("revision").asLong();
  }

  @Test
  void aWaitBeyondTheRequestTimeoutAnswers200WithTheCurrentValueAtTheWait() throws Exception {
    long r = put("k", "one");
    long started = System.nanoTime();
    HttpResponse<String> answer = get("/v1/kv/k?waitRevision=" + r + "&wait=2s");
    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
    assertThat(answer.body()).isEqualTo("one");
    assertThat(answer.headers().firstValue("etag")).contains("\"" + r + "\"");
    assertThat(answer.headers().firstValue("x-revision")).contains(String.valueOf(r));
    // Only a lower bound: nothing changed, so the answer cannot come before the wait is over.
    assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started)).isGreaterThanOrEqualTo(2000);
    HttpResponse<String> absent = get("/v1/kv/nothing?waitRevision=" + r + "&wait=1500ms");
    assertThat(absent.statusCode()).isEqualTo(404);
    assertThat(absent.body()).contains("not_found");
  }

  @Test
  void aLongPollAnswersOnTheChangeBeforeItsWaitEnds() throws Exception {
    long r = put("k", "one");
    CompletableFuture<HttpResponse<String>> waiting = getAsync("/v1/kv/k?waitRevision=" + r + "&wait=5m");
    await().atMost(Duration.ofSeconds(10)).until(() -> server.server.parkedLongPolls() == 1);
    long changed = put("k", "two");
    // A generous bound for a failing test, far below the 5-minute wait; not a performance assertion.
    HttpResponse<String> answer = waiting.get(60, TimeUnit.SECONDS);
    assertThat(answer.statusCode()).isEqualTo(200);
    assertThat(answer.body()).isEqualTo("two");
    assertThat(answer.headers().firstValue("etag")).contains("\"" + changed + "\"");
    await().atMost(Duration.ofSeconds(10)).until(() -> server.server.parkedLongPolls() == 0);
  }

  @Test
  void waitingLongPollsLeaveTheInFlightPermitsToOtherRequests() throws Exception {
    long r = put("k", "one");
    List<CompletableFuture<HttpResponse<String>>> polls = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      polls.add(getAsync("/v1/kv/k?waitRevision=" + r + "&wait=5m"));
    }
    await().atMost(Duration.ofSeconds(10)).until(() -> server.server.parkedLongPolls() == 4);
    assertThat(server.server.inFlight()).isZero();
    // Twice the in-flight bound of 2 is waiting, and plain requests still get in.
    assertThat(get("/v1/kv/k").statusCode()).isEqualTo(200);
    put("other", "x");
    put("k", "two");
    for (CompletableFuture<HttpResponse<String>> poll : polls) {
      HttpResponse<String> answer = poll.get(60, TimeUnit.SECONDS);
      assertThat(answer.statusCode()).isEqualTo(200);
      assertThat(answer.body()).isEqualTo("two");
    }
    await().atMost(Duration.ofSeconds(10)).until(() -> server.server.parkedLongPolls() == 0);
  }

  @Test
  void aPipelinedRequestBehindALongPollIsAdmittedAndAnsweredInOrder() throws Exception {
    server.close();
    server = new TestServer(new KvLimits(4096, 16), 1, Duration.ofSeconds(1));
    long r = put("k", "one");
    try (RawHttp http = new RawHttp(server.port())) {
      http.send("GET /v1/kv/k?waitRevision=" + r + "&wait=1500ms HTTP/1.1\r\nHost: x\r\n\r\n"
          + "GET /v1/kv/k HTTP/1.1\r\nHost: x\r\n\r\n");
      RawHttp.Response poll = http.read();
      assertThat(poll.status()).isEqualTo(200);
      assertThat(poll.text()).isEqualTo("one");
      // With the only permit still held by the long poll, this one would have been 429.
      RawHttp.Response plain = http.read();
      assertThat(plain.status()).as(plain.text()).isEqualTo(200);
      assertThat(plain.text()).isEqualTo("one");
    }
  }

  @Test
  void badWaitsAre400() throws Exception {
    put("k", "one");
    for (String wait : List.of("-1s", "0s", "6m", "301s", "300001ms", "soon", "5", "1h", "")) {
      HttpResponse<String> r = get("/v1/kv/k?waitRevision=1&wait=" + wait);
      assertThat(r.statusCode()).as("wait=%s: %s", wait, r.body()).isEqualTo(400);
      assertThat(JSON.readTree(r.body()).get("error").asText()).isEqualTo("bad_parameter");
    }
    assertThat(get("/v1/kv/k?waitRevision=-1&wait=1s").statusCode()).isEqualTo(400);
    assertThat(get("/v1/kv/k?waitRevision=0&wait=5m").body()).as("already newer than 0").isEqualTo("one");
    assertThat(new String(get("/v1/kv/k?waitRevision=1&revision=1").body().getBytes(UTF_8), UTF_8))
        .contains("cannot be combined");
  }
}
