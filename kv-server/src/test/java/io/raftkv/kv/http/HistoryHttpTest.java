package io.raftkv.kv.http;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.raftkv.kv.KvLimits;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Revision history over HTTP against the real state machine: historical gets and ranges, compaction
 * (410 with compactRevision), future revisions, paging pinned to one revision, keys-only and count reads,
 * and range deletes. A fresh server per test, so revisions are predictable.
 */
class HistoryHttpTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private TestServer server;
  private HttpClient client;

  @BeforeEach
  void start() throws Exception {
    server = new TestServer(new KvLimits(4096, 16), 64);
    client = HttpClient.newHttpClient();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private HttpResponse<byte[]> send(HttpRequest.Builder b) throws Exception {
    return client.send(b.build(), BodyHandlers.ofByteArray());
  }

  private HttpRequest.Builder req(String path) {
    return HttpRequest.newBuilder(URI.create(server.url(path)));
  }

  private long put(String key, String value) throws Exception {
    HttpResponse<byte[]> r = send(req("/v1/kv/" + key).PUT(BodyPublishers.ofString(value)));
    assertThat(r.statusCode()).isEqualTo(200);
    return JSON.readTree(r.body()).get("revision").asLong();
  }

  private HttpResponse<byte[]> get(String path) throws Exception {
    return send(req(path).GET());
  }

  private static JsonNode json(HttpResponse<byte[]> r) throws Exception {
    assertThat(r.headers().firstValue("content-type")).contains("application/json");
    return JSON.readTree(r.body());
  }

  private static void assertError(HttpResponse<byte[]> r, int status, String code) throws Exception {
    assertThat(r.statusCode()).as(new String(r.body(), UTF_8)).isEqualTo(status);
    assertThat(json(r).path("error").asText()).isEqualTo(code);
  }

  private HttpResponse<byte[]> compact(String body) throws Exception {
    return send(req("/v1/compact").POST(BodyPublishers.ofString(body)));
  }

  @Test
  void aKeyReadsAsOfEveryRevisionUntilCompacted() throws Exception {
    long r1 = put("k", "one");
    long r2 = put("k", "two");
    HttpResponse<byte[]> deleted = send(req("/v1/kv/k").DELETE());
    long r3 = JSON.readTree(deleted.body()).get("revision").asLong();

    HttpResponse<byte[]> atR1 = get("/v1/kv/k?revision=" + r1);
    assertThat(new String(atR1.body(), UTF_8)).isEqualTo("one");
    assertThat(atR1.headers().firstValue("x-revision")).contains(String.valueOf(r1));
    assertThat(new String(get("/v1/kv/k?revision=" + r2).body(), UTF_8)).isEqualTo("two");
    assertError(get("/v1/kv/k?revision=" + r3), 404, "not_found");
    assertError(get("/v1/kv/k"), 404, "not_found");

    HttpResponse<byte[]> c = compact("{\"revision\": " + r2 + "}");
    assertThat(c.statusCode()).isEqualTo(200);
    assertThat(json(c).get("compactRevision").asLong()).isEqualTo(r2);
    HttpResponse<byte[]> gone = get("/v1/kv/k?revision=" + r1);
    assertError(gone, 410, "compacted");
    assertThat(json(gone).get("compactRevision").asLong()).isEqualTo(r2);
    assertThat(new String(get("/v1/kv/k?revision=" + r2).body(), UTF_8)).isEqualTo("two");
    assertError(get("/v1/kv?prefix=k&revision=" + r1), 410, "compacted");
  }

  @Test
  void futureAndNegativeRevisionsAndBadCompactionsAre400() throws Exception {
    long r = put("k", "v");
    assertError(get("/v1/kv/k?revision=" + (r + 1)), 400, "future_revision");
    assertError(get("/v1/kv?prefix=&revision=" + (r + 5)), 400, "future_revision");
    assertError(get("/v1/kv/k?revision=-1"), 400, "bad_parameter");
    assertError(get("/v1/kv?revision=abc"), 400, "bad_parameter");
    assertError(get("/v1/kv?prefix=a&start=b"), 400, "bad_parameter");
    assertError(get("/v1/kv?keysOnly=maybe"), 400, "bad_parameter");
    assertError(compact("{\"revision\": " + (r + 1) + "}"), 400, "future_revision");
    assertError(compact("{\"revision\": 0}"), 400, "bad_json");
    assertError(compact("{\"revision\": 1, \"extra\": true}"), 400, "bad_json");
    assertError(compact("nope"), 400, "bad_json");
    assertThat(server.stateMachine.compactRevision()).isZero();
  }

  @Test
  void pagesPinnedToTheFirstPagesRevisionSeeNoLaterWrites() throws Exception {
    for (int i = 0; i < 7; i++) {
      put("p/" + i, "v" + i);
    }
    JsonNode first = json(get("/v1/kv?prefix=p/&limit=3"));
    long pinned = first.get("revision").asLong();
    assertThat(first.get("more").asBoolean()).isTrue();
    put("p/9", "late");
    send(req("/v1/kv/p/0").DELETE());
    List<String> keys = new ArrayList<>();
    first.get("kvs").forEach(kv -> keys.add(kv.get("key").asText()));
    JsonNode page = first;
    while (page.get("more").asBoolean()) {
      page = json(get("/v1/kv?prefix=p/&limit=3&revision=" + pinned + "&after=" + page.get("next").asText()));
      assertThat(page.get("revision").asLong()).isEqualTo(pinned);
      page.get("kvs").forEach(kv -> keys.add(kv.get("key").asText()));
    }
    assertThat(keys).containsExactly("p/0", "p/1", "p/2", "p/3", "p/4", "p/5", "p/6");
  }

  @Test
  void intervalsKeysOnlyAndCounts() throws Exception {
    for (String k : List.of("a", "b", "b1", "c", "d")) {
      put(k, "value-of-" + k);
    }
    JsonNode interval = json(get("/v1/kv?start=b&end=d&keysOnly=true"));
    List<String> keys = new ArrayList<>();
    interval.get("kvs").forEach(kv -> {
      keys.add(kv.get("key").asText());
      assertThat(kv.has("value")).isFalse();
    });
    assertThat(keys).containsExactly("b", "b1", "c");
    assertThat(json(get("/v1/kv?start=b1")).get("kvs").size()).isEqualTo(3);
    JsonNode count = json(get("/v1/kv?prefix=b&countOnly=true"));
    assertThat(count.get("count").asLong()).isEqualTo(2);
    assertThat(count.get("kvs").size()).isZero();
  }

  @Test
  void aRangeDeleteIsOneRevision() throws Exception {
    put("dir/a", "1");
    put("dir/b", "2");
    long before = put("other", "3");
    HttpResponse<byte[]> r = send(req("/v1/kv?prefix=dir/").DELETE());
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(json(r).get("deleted").asLong()).isEqualTo(2);
    assertThat(json(r).get("revision").asLong()).isEqualTo(before + 1);
    assertThat(json(get("/v1/kv")).get("kvs").size()).isEqualTo(1);
    assertThat(json(get("/v1/kv?prefix=dir/&revision=" + before)).get("kvs").size()).isEqualTo(2);
    HttpResponse<byte[]> none = send(req("/v1/kv?prefix=dir/").DELETE());
    assertThat(json(none).get("deleted").asLong()).isZero();
    assertThat(json(none).get("revision").asLong()).isEqualTo(before + 1);
    assertError(send(req("/v1/kv").DELETE()), 400, "bad_parameter");
  }

  private HttpResponse<byte[]> txn(String body) throws Exception {
    return send(req("/v1/txn").POST(BodyPublishers.ofString(body)));
  }

  @Test
  void aTxnDeletesARangeInItsOneRevisionInEitherBranch() throws Exception {
    put("tmp/a", "1");
    put("tmp/b", "2");
    put("job/1", "3");
    long before = put("job/2", "4");
    JsonNode ok = json(txn("""
        {"compare": [{"key": "job/1", "target": "version", "result": "equal", "version": 1}],
         "success": [{"op": "delete", "prefix": "tmp/", "prevKv": true}, {"op": "put", "key": "new", "value": "dg=="}],
         "failure": []}"""));
    assertThat(ok.get("succeeded").asBoolean()).isTrue();
    assertThat(ok.get("revision").asLong()).isEqualTo(before + 1);
    JsonNode deleted = ok.get("results").get(0);
    assertThat(deleted.get("op").asText()).isEqualTo("delete");
    assertThat(deleted.get("deleted").asLong()).isEqualTo(2);
    assertThat(deleted.get("prevKvs").findValuesAsText("key")).containsExactly("tmp/a", "tmp/b");
    assertThat(json(get("/v1/kv?prefix=tmp/")).get("kvs").size()).isZero();
    assertThat(json(get("/v1/kv?prefix=tmp/&revision=" + before)).get("kvs").size()).isEqualTo(2);

    JsonNode failed = json(txn("""
        {"compare": [{"key": "job/1", "target": "version", "result": "equal", "version": 9}],
         "failure": [{"op": "delete", "start": "job/", "end": "job/2"}]}"""));
    assertThat(failed.get("succeeded").asBoolean()).isFalse();
    assertThat(failed.get("revision").asLong()).isEqualTo(before + 2);
    assertThat(failed.get("results").get(0).get("deleted").asLong()).isEqualTo(1);
    assertThat(failed.get("results").get(0).get("prevKvs").size()).isZero();
    assertThat(json(get("/v1/kv")).get("kvs").findValuesAsText("key")).containsExactly("job/2", "new");
  }

  @Test
  void aTxnRangeDeleteWithABadSelectionIs400AndChangesNothing() throws Exception {
    long r = put("a", "1");
    for (String op : List.of("{\"op\": \"delete\", \"prefix\": \"a\", \"start\": \"a\"}",
        "{\"op\": \"delete\", \"key\": \"a\", \"prefix\": \"a\"}", "{\"op\": \"delete\"}",
        "{\"op\": \"delete\", \"start\": \"a\", \"end\": \"\"}",
        "{\"op\": \"delete\", \"prefix\": \"a\", \"prevKv\": 1}")) {
      HttpResponse<byte[]> bad = txn("{\"success\": [" + op + "]}");
      assertError(bad, 400, "bad_json");
      assertThat(json(bad).get("message").asText()).as(op).isNotEmpty();
    }
    assertThat(server.stateMachine.revision()).isEqualTo(r);
  }

  @Test
  void aBlockingGetAnswersOnTheNextChangeOrAtTheTimeout() throws Exception {
    long r1 = put("lp", "one");
    assertThat(new String(get("/v1/kv/lp?waitRevision=" + (r1 - 1)).body(), UTF_8)).as("already newer")
        .isEqualTo("one");
    java.util.concurrent.CompletableFuture<HttpResponse<byte[]>> waiting =
        client.sendAsync(req("/v1/kv/lp?waitRevision=" + r1 + "&wait=8s").GET().build(), BodyHandlers.ofByteArray());
    put("unrelated", "x");
    long r3 = put("lp", "two");
    HttpResponse<byte[]> answered = waiting.get();
    assertThat(new String(answered.body(), UTF_8)).isEqualTo("two");
    assertThat(answered.headers().firstValue("etag")).contains("\"" + r3 + "\"");
    HttpResponse<byte[]> timedOut = get("/v1/kv/lp?waitRevision=" + r3 + "&wait=200ms");
    assertThat(timedOut.statusCode()).isEqualTo(200);
    assertThat(new String(timedOut.body(), UTF_8)).isEqualTo("two");
    assertError(get("/v1/kv/lp?waitRevision=1&wait=soon"), 400, "bad_parameter");
  }
}
