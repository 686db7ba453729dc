package io.raftkv.kv.http;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.netty.handler.codec.http.HttpMethod;
import io.raftkv.kv.KvLimits;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Cleartext HTTP/2 on the HTTP/1.1 port: prior knowledge, multiplexed streams, and {@code Upgrade: h2c}. */
class Http2Test {

  private static final byte[] NONE = new byte[0];
  private TestServer server;

  @BeforeEach
  void start() throws Exception {
    server = new TestServer(new KvLimits(1024, 16), 1000, 100);
  }

  @AfterEach
  void stop() throws Exception {
    server.close();
  }

  @Test
  void manyConcurrentStreamsOnOneConnection() throws Exception {
    try (H2cClient h2 = new H2cClient(server.port())) {
      // Waves of 100 streams open at once, the server's SETTINGS_MAX_CONCURRENT_STREAMS, on one connection.
      for (int wave = 0; wave < 3; wave++) {
        List<CompletableFuture<H2cClient.Response>> puts = new ArrayList<>();
        for (int i = wave * 100; i < (wave + 1) * 100; i++) {
          puts.add(h2.send(HttpMethod.PUT, "/v1/kv/h2/" + i, ("value-" + i).getBytes(UTF_8), Map.of()));
        }
        for (CompletableFuture<H2cClient.Response> f : puts) {
          H2cClient.Response r = f.get(20, TimeUnit.SECONDS);
          assertThat(r.status()).isEqualTo(200);
          assertThat(r.headers().get("etag")).matches("\"\\d+\"");
        }
      }
      for (int wave = 0; wave < 3; wave++) {
        List<CompletableFuture<H2cClient.Response>> gets = new ArrayList<>();
        for (int i = wave * 100; i < (wave + 1) * 100; i++) {
          gets.add(h2.send(HttpMethod.GET, "/v1/kv/h2/" + i + (i % 2 == 0 ? "?consistency=serializable" : ""),
              NONE, Map.of()));
        }
        for (int i = 0; i < 100; i++) {
          H2cClient.Response r = gets.get(i).get(20, TimeUnit.SECONDS);
          assertThat(r.status()).isEqualTo(200);
          assertThat(new String(r.body(), UTF_8)).isEqualTo("value-" + (wave * 100 + i));
        }
      }
      assertThat(h2.isOpen()).isTrue();
    }
    assertThat(server.stateMachine.size()).isEqualTo(300);
  }

  @Test
  void errorsAndPreconditionsBehaveAsOverHttp1() throws Exception {
    try (H2cClient h2 = new H2cClient(server.port())) {
      H2cClient.Response created = h2.send(HttpMethod.PUT, "/v1/kv/k", "v".getBytes(UTF_8),
          Map.of("if-none-match", "*")).get(10, TimeUnit.SECONDS);
      assertThat(created.status()).isEqualTo(200);
      H2cClient.Response again = h2.send(HttpMethod.PUT, "/v1/kv/k", "w".getBytes(UTF_8),
          Map.of("if-none-match", "*")).get(10, TimeUnit.SECONDS);
      assertThat(again.status()).isEqualTo(412);
      assertThat(new String(again.body(), UTF_8)).contains("precondition_failed");
      assertThat(h2.send(HttpMethod.GET, "/v1/kv/absent", NONE, Map.of()).get(10, TimeUnit.SECONDS).status())
          .isEqualTo(404);
      H2cClient.Response notAllowed = h2.send(HttpMethod.PATCH, "/v1/kv/k", NONE, Map.of()).get(10, TimeUnit.SECONDS);
      assertThat(notAllowed.status()).isEqualTo(405);
      assertThat(notAllowed.headers().get("allow")).isEqualTo("GET, PUT, DELETE");
      byte[] huge = new byte[1024 + HttpServerConfig.BODY_SLACK_BYTES + 1];
      assertThat(h2.send(HttpMethod.PUT, "/v1/kv/big", huge, Map.of()).get(10, TimeUnit.SECONDS).status())
          .isEqualTo(413);
      H2cClient.Response txn = h2.send(HttpMethod.POST, "/v1/txn", "{\"success\": [{\"op\": \"get\", \"key\": \"k\"}]}"
          .getBytes(UTF_8), Map.of()).get(10, TimeUnit.SECONDS);
      assertThat(txn.status()).isEqualTo(200);
      assertThat(new String(txn.body(), UTF_8)).contains("\"succeeded\":true");
      assertThat(h2.send(HttpMethod.POST, "/v1/txn", "{oops".getBytes(UTF_8), Map.of()).get(10, TimeUnit.SECONDS)
          .status()).isEqualTo(400);
      // The connection survived every error.
      assertThat(h2.send(HttpMethod.GET, "/health", NONE, Map.of()).get(10, TimeUnit.SECONDS).status())
          .isEqualTo(200);
      assertThat(h2.isOpen()).isTrue();
    }
  }

  @Test
  void concurrentCompareAndSetIncrementsLoseNoUpdate() throws Exception {
    try (H2cClient h2 = new H2cClient(server.port())) {
      assertThat(h2.send(HttpMethod.PUT, "/v1/kv/counter", "0".getBytes(UTF_8), Map.of()).get(10, TimeUnit.SECONDS)
          .status()).isEqualTo(200);
      int workers = 4;
      int incrementsEach = 25;
      List<Thread> threads = new ArrayList<>();
      List<Throwable> failures = Collections.synchronizedList(new ArrayList<>());
      AtomicInteger conflicts = new AtomicInteger();
      for (int w = 0; w < workers; w++) {
        Thread t = new Thread(() -> {
          try {
            for (int done = 0; done < incrementsEach; ) {
              H2cClient.Response get = h2.send(HttpMethod.GET, "/v1/kv/counter", NONE, Map.of())
                  .get(10, TimeUnit.SECONDS);
              long next = Long.parseLong(new String(get.body(), UTF_8)) + 1;
              H2cClient.Response put = h2.send(HttpMethod.PUT, "/v1/kv/counter",
                  Long.toString(next).getBytes(UTF_8), Map.of("if-match", get.headers().get("etag")))
                  .get(10, TimeUnit.SECONDS);
              if (put.status() == 200) {
                done++;
              } else if (put.status() == 412) {
                conflicts.incrementAndGet();
              } else {
                throw new AssertionError("unexpected status " + put.status());
              }
            }
          } catch (Throwable e) {
            failures.add(e);
          }
        });
        t.start();
        threads.add(t);
      }
      for (Thread t : threads) {
        t.join();
      }
      assertThat(failures).isEmpty();
      H2cClient.Response last = h2.send(HttpMethod.GET, "/v1/kv/counter", NONE, Map.of()).get(10, TimeUnit.SECONDS);
      // Every successful compare-and-set added exactly one; the 412s were the lost races.
      assertThat(new String(last.body(), UTF_8)).isEqualTo(Integer.toString(workers * incrementsEach));
      assertThat(server.stateMachine.get("counter").orElseThrow().version()).isEqualTo(workers * incrementsEach + 1);
    }
  }

  @Test
  void streamsOverTheInFlightLimitGet429() throws Exception {
    server.close();
    server = new TestServer(new KvLimits(1024, 16), 1, 100);
    try (RawHttp slow = new RawHttp(server.port()); H2cClient h2 = new H2cClient(server.port())) {
      // An HTTP/1.1 request whose body never finishes holds the only permit.
      slow.send("PUT /v1/kv/slow HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\nabc");
      await().atMost(Duration.ofSeconds(5)).until(() -> server.server.inFlight() == 1);
      H2cClient.Response rejected = h2.send(HttpMethod.GET, "/health", NONE, Map.of()).get(10, TimeUnit.SECONDS);
      assertThat(rejected.status()).isEqualTo(429);
      assertThat(rejected.headers().get("retry-after")).isEqualTo("1");
      slow.send("defghij");
      assertThat(slow.read().status()).isEqualTo(200);
      assertThat(h2.send(HttpMethod.GET, "/v1/kv/slow", NONE, Map.of()).get(10, TimeUnit.SECONDS).body())
          .isEqualTo("abcdefghij".getBytes(UTF_8));
    }
  }

  @Test
  void upgradeFromHttp1ToH2c() throws Exception {
    HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_2).build();
    HttpResponse<String> put = client.send(HttpRequest.newBuilder(URI.create(server.url("/v1/kv/up")))
        .PUT(HttpRequest.BodyPublishers.ofString("graded")).build(), BodyHandlers.ofString());
    assertThat(put.statusCode()).isEqualTo(200);
    // The JDK client sends Upgrade: h2c on its first bodiless request to a cleartext server.
    HttpResponse<String> first = client.send(HttpRequest.newBuilder(URI.create(server.url("/v1/kv/up"))).GET()
        .build(), BodyHandlers.ofString());
    assertThat(first.statusCode()).isEqualTo(200);
    assertThat(first.body()).isEqualTo("graded");
    HttpResponse<String> second = client.send(HttpRequest.newBuilder(URI.create(server.url("/v1/kv/up"))).GET()
        .build(), BodyHandlers.ofString());
    assertThat(second.version()).isEqualTo(HttpClient.Version.HTTP_2);
    assertThat(second.body()).isEqualTo("graded");
    HttpResponse<String> missing = client.send(HttpRequest.newBuilder(URI.create(server.url("/v1/kv/none"))).GET()
        .build(), BodyHandlers.ofString());
    assertThat(missing.version()).isEqualTo(HttpClient.Version.HTTP_2);
    assertThat(missing.statusCode()).isEqualTo(404);
  }

  @Test
  void rawUpgradeRequestIsAnsweredOnStreamOne() throws Exception {
    try (RawHttp http = new RawHttp(server.port())) {
      http.send("GET /health HTTP/1.1\r\nHost: x\r\nConnection: Upgrade, HTTP2-Settings\r\nUpgrade: h2c\r\n"
          + "HTTP2-Settings: AAMAAABkAARAAAAAAAIAAAAA\r\n\r\n");
      RawHttp.Response switching = http.read();
      assertThat(switching.status()).isEqualTo(101);
      assertThat(switching.headers().get("upgrade")).isEqualTo("h2c");
    }
  }
}
