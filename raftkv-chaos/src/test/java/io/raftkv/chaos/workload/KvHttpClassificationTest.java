package io.raftkv.chaos.workload;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * How the workloads classify what happened to a request, against real sockets on loopback: never
 * connected is "not applied", a silent server is a timeout, a connection cut after the request is
 * "broken", and statuses map as the API defines. Also: failover moves on only after answers that
 * prove the request was not applied.
 */
class KvHttpClassificationTest {

  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofMillis(500)).build();
  private final List<AutoCloseable> closeables = new ArrayList<>();
  private final Map<String, Integer> hits = new ConcurrentHashMap<>();

  @AfterEach
  void close() throws Exception {
    for (AutoCloseable c : closeables) {
      c.close();
    }
  }

  private URI statusServer(String name, int status) throws IOException {
    HttpServer s = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 8);
    s.createContext("/", ex -> {
      hits.merge(name, 1, Integer::sum);
      ex.getRequestBody().readAllBytes();
      ex.getResponseHeaders().add("ETag", "\"42\"");
      byte[] body = ("answer " + status).getBytes();
      ex.sendResponseHeaders(status, body.length);
      ex.getResponseBody().write(body);
      ex.close();
    });
    s.start();
    closeables.add(() -> s.stop(0));
    return URI.create("http://127.0.0.1:" + s.getAddress().getPort());
  }

  /** Accepts, reads the request, then does nothing until closed. */
  private URI silentServer() throws IOException {
    ServerSocket ss = new ServerSocket(0, 8, InetAddress.getLoopbackAddress());
    CountDownLatch done = new CountDownLatch(1);
    List<Socket> held = new ArrayList<>();
    Thread t = new Thread(() -> {
      try {
        while (true) {
          held.add(ss.accept());
        }
      } catch (IOException closed) {
        done.countDown();
      }
    });
    t.setDaemon(true);
    t.start();
    closeables.add(() -> {
      ss.close();
      for (Socket s : held) {
        s.close();
      }
    });
    return URI.create("http://127.0.0.1:" + ss.getLocalPort());
  }

  /** Accepts, reads some of the request, then resets the connection. */
  private URI resettingServer() throws IOException {
    ServerSocket ss = new ServerSocket(0, 8, InetAddress.getLoopbackAddress());
    Thread t = new Thread(() -> {
      try {
        while (true) {
          try (Socket s = ss.accept()) {
            s.getInputStream().read(new byte[16]);
            s.setSoLinger(true, 0); // RST instead of FIN
          }
        }
      } catch (IOException closed) {
        // server closed
      }
    });
    t.setDaemon(true);
    t.start();
    closeables.add(ss);
    return URI.create("http://127.0.0.1:" + ss.getLocalPort());
  }

  private static int closedPort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  private KvHttp kv(Map<String, URI> nodes) {
    return new KvHttp(List.copyOf(nodes.keySet()), nodes::get, http, Duration.ofMillis(700));
  }

  private static final KvHttp.Request PUT = KvHttp.Request.put("k", "v1", OptionalLong.of(3), false);

  @Test
  void refusedConnectionIsNotApplied() throws IOException {
    Answer a = kv(Map.of("a", URI.create("http://127.0.0.1:" + closedPort()))).sendTo("a", PUT);
    assertThat(a.failure()).isEqualTo(Answer.Failure.NOT_SENT);
    assertThat(a.definitelyNotApplied()).isTrue();
  }

  @Test
  void silentServerIsATimeoutWhoseEffectIsUnknown() throws IOException {
    Answer a = kv(Map.of("a", silentServer())).sendTo("a", PUT);
    assertThat(a.failure()).isEqualTo(Answer.Failure.TIMEOUT);
    assertThat(a.definitelyNotApplied()).isFalse();
  }

  @Test
  void connectionResetAfterSendingIsUnknown() throws IOException {
    Answer a = kv(Map.of("a", resettingServer())).sendTo("a", PUT);
    assertThat(a.failure()).isEqualTo(Answer.Failure.BROKEN);
    assertThat(a.definitelyNotApplied()).isFalse();
  }

  @Test
  void statusesMapAsTheApiDefines() throws IOException {
    for (int status : new int[] {412, 404, 429, 503}) {
      Answer a = kv(Map.of("a", statusServer("s" + status, status))).sendTo("a", PUT);
      assertThat(a.definitelyNotApplied()).as("status %d", status).isTrue();
    }
    for (int status : new int[] {504, 500}) {
      Answer a = kv(Map.of("a", statusServer("s" + status, status))).sendTo("a", PUT);
      assertThat(a.definitelyNotApplied()).as("status %d", status).isFalse();
    }
    Answer ok = kv(Map.of("a", statusServer("ok", 200))).sendTo("a", KvHttp.Request.get("k", false));
    assertThat(ok.status()).isEqualTo(200);
    assertThat(ok.etag()).hasValue(42);
    assertThat(ok.bodyText()).isEqualTo("answer 200");
  }

  @Test
  void failoverRetriesOnlyProvablyUnappliedAttempts() throws IOException {
    // 503 everywhere: every node is tried once, then the last 503 is returned.
    Map<String, URI> unavailable = Map.of("a", statusServer("a", 503), "b", statusServer("b", 503),
        "c", statusServer("c", 503));
    Answer a = kv(unavailable).send(PUT, new SplittableRandom(1));
    assertThat(a.status()).isEqualTo(503);
    assertThat(hits).containsOnlyKeys("a", "b", "c").allSatisfy((k, v) -> assertThat(v).isEqualTo(1));

    // 504 (may have applied): never resent.
    hits.clear();
    Map<String, URI> slow = Map.of("x", statusServer("x", 504), "y", statusServer("y", 504));
    Answer b = kv(slow).send(PUT, new SplittableRandom(2));
    assertThat(b.status()).isEqualTo(504);
    assertThat(hits.values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(1);
  }

  @Test
  void etagParsingAcceptsStrongAndWeakTags() {
    assertThat(KvHttp.parseEtag("\"17\"")).hasValue(17);
    assertThat(KvHttp.parseEtag("W/\"17\"")).hasValue(17);
    assertThat(KvHttp.parseEtag("\"abc\"")).isEmpty();
  }
}
