package io.raftkv.cli.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue #11's replacement run with real processes: three founders under a continuous writer; n4 and n5
 * join with {@code --join}; n1, n2 and n3 are removed one by one (one of them while it leads); then one
 * new member is killed with SIGKILL and restarted with the same command. Every acknowledged write is then
 * read from every member, and the writer saw only retryable answers (503, 429, 504 or a lost connection,
 * each retried with the same value). The time each change took and the errors by kind are printed and
 * written to {@code target/member-replacement.txt}.
 */
class MemberReplacementProcessTest {

  @TempDir Path dir;
  private ProcessCluster cluster;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
  private final List<String> live = new CopyOnWriteArrayList<>(List.of("n1", "n2", "n3"));
  private final Map<String, Long> acked = new ConcurrentSkipListMap<>();
  private final Map<String, AtomicLong> errors = new ConcurrentHashMap<>();
  private final Map<String, Long> timings = new java.util.LinkedHashMap<>();
  private final AtomicBoolean writing = new AtomicBoolean(true);

  @AfterEach
  void tearDown() {
    writing.set(false);
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  void everyMemberIsReplacedUnderLoadWithoutLosingAnAcknowledgedWrite() throws Exception {
    cluster = new ProcessCluster(dir, 3, List.of());
    cluster.startAll();
    cluster.reserve("n4");
    cluster.reserve("n5");
    cluster.awaitLeader(Duration.ofSeconds(30));
    await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> count(get("n1", "/v1/members").body(),
        "\"clientUrl\":\"http") == 3);
    Thread writer = new Thread(this::writeContinuously, "writer");
    writer.start();
    await().atMost(Duration.ofSeconds(30)).until(() -> acked.size() >= 50);

    for (String joiner : List.of("n4", "n5")) {
      long t0 = System.nanoTime();
      cluster.startJoining(joiner, List.copyOf(live));
      await().atMost(Duration.ofSeconds(90)).ignoreExceptions()
          .until(() -> roleOf(joiner).equals("voter"));
      live.add(joiner);
      timings.put("add " + joiner + " (--join, learner, caught up, promoted)", millisSince(t0));
    }

    String leader = cluster.awaitLeader(Duration.ofSeconds(30));
    if (!List.of("n1", "n2", "n3").contains(leader)) {
      assertThat(post(leader, "/v1/leader/transfer", "{\"to\":\"n1\"}").statusCode()).isEqualTo(200);
      leader = "n1";
    }
    List<String> order = new ArrayList<>(List.of(leader));
    List.of("n1", "n2", "n3").stream().filter(id -> !order.contains(id)).forEach(order::add);
    for (String old : order) {
      boolean wasLeader = old.equals(cluster.leader());
      long t0 = System.nanoTime();
      await().atMost(Duration.ofSeconds(60)).ignoreExceptions().until(() -> {
        HttpResponse<String> r = send(anyLiveExcept(old), "DELETE", "/v1/members/" + old, null);
        return r.statusCode() == 200 || r.statusCode() == 404;
      });
      live.remove(old);
      cluster.kill9(old);
      timings.put("remove " + old + (wasLeader ? " (the leader)" : ""), millisSince(t0));
    }

    long t0 = System.nanoTime();
    cluster.kill9("n4");
    cluster.startJoining("n4", List.of("n5"));
    await().atMost(Duration.ofSeconds(60)).ignoreExceptions().until(() -> get("n4", "/health").statusCode() == 200);
    timings.put("kill -9 n4 and rerun its --join command until healthy", millisSince(t0));

    await().atMost(Duration.ofSeconds(30)).until(() -> acked.size() >= 100);
    writing.set(false);
    writer.join(30_000);

    String members = get("n5", "/v1/members").body();
    assertThat(count(members, "\"role\":\"voter\"")).isEqualTo(2);
    assertThat(members).contains("\"id\":\"n4\"").contains("\"id\":\"n5\"").doesNotContain("\"id\":\"n1\"");
    for (String member : List.of("n4", "n5")) {
      for (Map.Entry<String, Long> e : acked.entrySet()) {
        HttpResponse<String> r = await().atMost(Duration.ofSeconds(20)).ignoreExceptions()
            .until(() -> get(member, "/v1/kv/" + e.getKey()), x -> x.statusCode() == 200);
        assertThat(r.body()).as("%s on %s", e.getKey(), member).isEqualTo(String.valueOf(e.getValue()));
      }
    }
    Map<String, Long> errorCounts = new TreeMap<>();
    errors.forEach((k, v) -> errorCounts.put(k, v.get()));
    String report = "acknowledged writes: " + acked.size() + "\nchanges (ms): " + timings
        + "\nwriter errors by kind: " + errorCounts + "\n";
    System.out.println(report);
    Files.writeString(Path.of("target", "member-replacement.txt"), report);
    assertThat(errorCounts.keySet()).as("only retryable errors").allMatch(k -> k.equals("503") || k.equals("504")
        || k.equals("429") || k.equals("connection"));
  }

  /** Puts w/0, w/1, ...; each key is retried with the same value until acknowledged (safe to repeat). */
  private void writeContinuously() {
    long i = 0;
    int next = 0;
    while (writing.get()) {
      String key = "w" + i;
      String target = live.get(Math.floorMod(next, live.size()));
      try {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(cluster.url(target, "/v1/kv/" + key))
            .timeout(Duration.ofSeconds(6)).PUT(HttpRequest.BodyPublishers.ofString(String.valueOf(i))).build(),
            HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() == 200) {
          acked.put(key, i);
          i++;
          continue;
        }
        errors.computeIfAbsent(String.valueOf(r.statusCode()), k -> new AtomicLong()).incrementAndGet();
      } catch (IOException e) {
        errors.computeIfAbsent("connection", k -> new AtomicLong()).incrementAndGet();
      } catch (InterruptedException e) {
        return;
      }
      next++; // after an error, try the next member
    }
  }

  private String roleOf(String id) throws Exception {
    return cluster.memberRole(anyLiveExcept(id), id);
  }

  private String anyLiveExcept(String id) {
    return live.stream().filter(x -> !x.equals(id) && cluster.isRunning(x)).findFirst().orElseThrow();
  }

  private HttpResponse<String> get(String id, String path) throws IOException, InterruptedException {
    return send(id, "GET", path, null);
  }

  private HttpResponse<String> post(String id, String path, String body) throws IOException, InterruptedException {
    return send(id, "POST", path, body);
  }

  private HttpResponse<String> send(String id, String method, String path, String body)
      throws IOException, InterruptedException {
    return http.send(HttpRequest.newBuilder(cluster.url(id, path)).timeout(Duration.ofSeconds(10))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
        .build(), HttpResponse.BodyHandlers.ofString());
  }

  private static long millisSince(long t0) {
    return (System.nanoTime() - t0) / 1_000_000;
  }

  private static int count(String s, String part) {
    int n = 0;
    for (int i = s.indexOf(part); i >= 0; i = s.indexOf(part, i + 1)) {
      n++;
    }
    return n;
  }
}
