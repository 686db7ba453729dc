package io.raftkv.kv.http;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.raftkv.kv.KvLimits;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.util.Base64;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Every row of the API table over HTTP/1.1 (JDK client, keep-alive) against a real server. */
class Http1ApiTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static TestServer server;
  private static HttpClient client;

  @BeforeAll
  static void start() throws Exception {
    server = new TestServer(new KvLimits(4096, 16), 64);
    client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  }

  @AfterAll
  static void stop() throws Exception {
    server.close();
  }

  private static HttpResponse<byte[]> send(HttpRequest.Builder b) throws Exception {
    HttpResponse<byte[]> r = client.send(b.build(), BodyHandlers.ofByteArray());
    assertThat(r.version()).isEqualTo(HttpClient.Version.HTTP_1_1);
    return r;
  }

  private static HttpRequest.Builder req(String path) {
    return HttpRequest.newBuilder(URI.create(server.url(path)));
  }

  private static HttpResponse<byte[]> put(String key, String value, String... headers) throws Exception {
    HttpRequest.Builder b = req("/v1/kv/" + key).PUT(BodyPublishers.ofString(value));
    for (int i = 0; i < headers.length; i += 2) {
      b.header(headers[i], headers[i + 1]);
    }
    return send(b);
  }

  private static JsonNode json(HttpResponse<byte[]> r) throws Exception {
    assertThat(r.headers().firstValue("content-type")).contains("application/json");
    return JSON.readTree(r.body());
  }

  private static void assertError(HttpResponse<byte[]> r, int status, String code) throws Exception {
    assertThat(r.statusCode()).as(new String(r.body(), UTF_8)).isEqualTo(status);
    JsonNode body = json(r);
    assertThat(body.path("error").asText()).isEqualTo(code);
    assertThat(body.path("message").isTextual()).isTrue();
  }

  @Test
  void putThenGetRoundTripsWithEtag() throws Exception {
    HttpResponse<byte[]> put = put("greeting", "hello");
    assertThat(put.statusCode()).isEqualTo(200);
    long revision = json(put).get("revision").asLong();
    assertThat(revision).isPositive();
    assertThat(put.headers().firstValue("etag")).contains("\"" + revision + "\"");
    HttpResponse<byte[]> get = send(req("/v1/kv/greeting").GET());
    assertThat(get.statusCode()).isEqualTo(200);
    assertThat(new String(get.body(), UTF_8)).isEqualTo("hello");
    assertThat(get.headers().firstValue("etag")).contains("\"" + revision + "\"");
    HttpResponse<byte[]> serializable = send(req("/v1/kv/greeting?consistency=serializable").GET());
    assertThat(serializable.body()).isEqualTo("hello".getBytes(UTF_8));
  }

  @Test
  void missingKeyIs404() throws Exception {
    assertError(send(req("/v1/kv/never-written").GET()), 404, "not_found");
  }

  @Test
  void ifMatchIsCompareAndSet() throws Exception {
    long rev = json(put("cas", "v1")).get("revision").asLong();
    HttpResponse<byte[]> stale = put("cas", "v2", "If-Match", "\"" + (rev + 1000) + "\"");
    assertError(stale, 412, "precondition_failed");
    assertThat(json(stale).get("currentModRevision").asLong()).isEqualTo(rev);
    HttpResponse<byte[]> ok = put("cas", "v2", "If-Match", "\"" + rev + "\"");
    assertThat(ok.statusCode()).isEqualTo(200);
    assertThat(new String(send(req("/v1/kv/cas").GET()).body(), UTF_8)).isEqualTo("v2");
    HttpResponse<byte[]> absent = put("cas-absent", "x", "If-Match", "\"1\"");
    assertError(absent, 412, "precondition_failed");
    assertThat(json(absent).get("exists").asBoolean()).isFalse();
    assertError(put("cas", "v3", "If-Match", "1"), 400, "bad_precondition");
    assertError(put("cas", "v3", "If-Match", "\"1\"", "If-None-Match", "*"), 400, "bad_precondition");
  }

  @Test
  void ifNoneMatchStarIsCreateOnly() throws Exception {
    assertThat(put("create-once", "first", "If-None-Match", "*").statusCode()).isEqualTo(200);
    assertError(put("create-once", "second", "If-None-Match", "*"), 412, "precondition_failed");
    assertThat(new String(send(req("/v1/kv/create-once").GET()).body(), UTF_8)).isEqualTo("first");
  }

  @Test
  void deleteWith200And404And412() throws Exception {
    long rev = json(put("doomed", "x")).get("revision").asLong();
    assertError(send(req("/v1/kv/doomed").DELETE().header("If-Match", "\"" + (rev + 1) + "\"")), 412,
        "precondition_failed");
    HttpResponse<byte[]> del = send(req("/v1/kv/doomed").DELETE().header("If-Match", "\"" + rev + "\""));
    assertThat(del.statusCode()).isEqualTo(200);
    assertThat(json(del).get("revision").asLong()).isGreaterThan(rev);
    assertError(send(req("/v1/kv/doomed").DELETE()), 404, "not_found");
    assertError(send(req("/v1/kv/doomed").GET()), 404, "not_found");
  }

  @Test
  void rangeListsByPrefixWithLimitAndMore() throws Exception {
    for (String k : new String[] {"r/a", "r/b", "r/c", "rx"}) {
      put(k, "val-" + k);
    }
    JsonNode all = json(send(req("/v1/kv?prefix=r/").GET()));
    assertThat(all.get("kvs")).hasSize(3);
    assertThat(all.get("more").asBoolean()).isFalse();
    JsonNode first = all.get("kvs").get(0);
    assertThat(first.get("key").asText()).isEqualTo("r/a");
    assertThat(Base64.getDecoder().decode(first.get("value").asText())).isEqualTo("val-r/a".getBytes(UTF_8));
    assertThat(first.get("version").asLong()).isEqualTo(1);
    assertThat(first.get("createRevision").asLong()).isEqualTo(first.get("modRevision").asLong());
    JsonNode limited = json(send(req("/v1/kv?prefix=r%2F&limit=2&consistency=serializable").GET()));
    assertThat(limited.get("kvs")).hasSize(2);
    assertThat(limited.get("more").asBoolean()).isTrue();
    assertError(send(req("/v1/kv?prefix=r/&limit=0").GET()), 400, "bad_parameter");
    assertError(send(req("/v1/kv?limit=abc").GET()), 400, "bad_parameter");
    assertError(send(req("/v1/kv?consistency=eventual").GET()), 400, "bad_parameter");
  }

  @Test
  void keysAreUrlDecodedUtf8AndMayContainSlashes() throws Exception {
    String key = "dir/sub/ключ a+b";
    String encoded = URLEncoder.encode(key, UTF_8).replace("+", "%20").replace("%2F", "/").replace("%2B", "+");
    assertThat(put(encoded, "unicode").statusCode()).isEqualTo(200);
    JsonNode listed = json(send(req("/v1/kv?prefix=" + URLEncoder.encode("dir/sub/", UTF_8)).GET()));
    assertThat(listed.get("kvs").get(0).get("key").asText()).isEqualTo(key);
    assertThat(send(req("/v1/kv/" + URLEncoder.encode(key, UTF_8).replace("+", "%20")).GET()).body())
        .isEqualTo("unicode".getBytes(UTF_8));
  }

  @Test
  void badKeysAre400() throws Exception {
    assertError(send(req("/v1/kv/").GET()), 400, "bad_key");
    assertError(send(req("/v1/kv/%FF%FE").GET()), 400, "bad_key");
    assertError(send(req("/v1/kv/%E0%A4").GET()), 400, "bad_key");
    assertError(send(req("/v1/kv/x" + "y".repeat(4096)).GET()), 400, "bad_key");
    assertThat(send(req("/v1/kv/" + "y".repeat(4096)).GET()).statusCode()).isEqualTo(404);
  }

  @Test
  void wrongMethodIs405WithAllow() throws Exception {
    HttpResponse<byte[]> r = send(req("/v1/kv/k").POST(BodyPublishers.ofString("x")));
    assertError(r, 405, "method_not_allowed");
    assertThat(r.headers().firstValue("allow")).contains("GET, PUT, DELETE");
    HttpResponse<byte[]> txn = send(req("/v1/txn").GET());
    assertError(txn, 405, "method_not_allowed");
    assertThat(txn.headers().firstValue("allow")).contains("POST");
    assertError(send(req("/v1/cluster").DELETE()), 405, "method_not_allowed");
    assertError(send(req("/nope").GET()), 404, "not_found");
  }

  @Test
  void oversizedBodiesAre413() throws Exception {
    // Over the value limit but under the body cap: refused after reading.
    assertError(put("big", "x".repeat(4097)), 413, "payload_too_large");
    // Over the body cap: refused from Content-Length before reading.
    assertError(put("bigger", "x".repeat(4096 + HttpServerConfig.BODY_SLACK_BYTES + 1)), 413, "payload_too_large");
    assertThat(put("fits", "x".repeat(4096)).statusCode()).isEqualTo(200);
  }

  @Test
  void txnCompareAndBranches() throws Exception {
    long rev = json(put("acct", "100")).get("revision").asLong();
    String b64 = Base64.getEncoder().encodeToString("100".getBytes(UTF_8));
    String txn = """
        {"compare": [{"key": "acct", "target": "value", "result": "equal", "value": "%s"},
                     {"key": "acct", "target": "modRevision", "result": "equal", "modRevision": %d}],
         "success": [{"op": "put", "key": "acct", "value": "%s"}, {"op": "get", "key": "acct"},
                     {"op": "range", "prefix": "acc", "limit": 5}, {"op": "delete", "key": "nothing"}],
         "failure": [{"op": "get", "key": "acct"}]}
        """.formatted(b64, rev, Base64.getEncoder().encodeToString("90".getBytes(UTF_8)));
    JsonNode ok = json(send(req("/v1/txn").POST(BodyPublishers.ofString(txn))));
    assertThat(ok.get("succeeded").asBoolean()).isTrue();
    long txnRev = ok.get("revision").asLong();
    assertThat(txnRev).isEqualTo(rev + 1);
    JsonNode results = ok.get("results");
    assertThat(results.get(0).get("op").asText()).isEqualTo("put");
    assertThat(results.get(0).get("version").asLong()).isEqualTo(2);
    assertThat(Base64.getDecoder().decode(results.get(1).get("kv").get("value").asText()))
        .isEqualTo("90".getBytes(UTF_8));
    assertThat(results.get(2).get("kvs")).hasSize(1);
    assertThat(results.get(3).get("deleted").asBoolean()).isFalse();
    // Same txn again: the compares now fail and the failure branch runs.
    JsonNode failed = json(send(req("/v1/txn").POST(BodyPublishers.ofString(txn))));
    assertThat(failed.get("succeeded").asBoolean()).isFalse();
    assertThat(failed.get("revision").asLong()).isEqualTo(txnRev);
    assertThat(failed.get("results").get(0).get("op").asText()).isEqualTo("get");
    HttpResponse<byte[]> get = send(req("/v1/kv/acct").GET());
    assertThat(get.headers().firstValue("etag")).contains("\"" + txnRev + "\"");
  }

  @Test
  void malformedTxnIs400() throws Exception {
    for (String body : new String[] {"{not json", "[]", "{\"compare\": 5}", "{\"success\": [{\"op\": \"jump\"}]}",
        "{\"success\": [{\"op\": \"put\", \"key\": \"k\", \"value\": \"***\"}]}",
        "{\"success\": [{\"op\": \"put\", \"key\": \"\", \"value\": \"\"}]}",
        "{\"compare\": [{\"key\": \"k\", \"target\": \"version\", \"result\": \"equal\", \"version\": \"x\"}]}",
        "{\"extra\": []}", ""}) {
      assertError(send(req("/v1/txn").POST(BodyPublishers.ofString(body))), 400, "bad_json");
    }
    String tooMany = "{\"success\": [" + "{\"op\": \"get\", \"key\": \"k\"},".repeat(16)
        + "{\"op\": \"get\", \"key\": \"k\"}]}";
    assertError(send(req("/v1/txn").POST(BodyPublishers.ofString(tooMany))), 400, "bad_json");
    String bigValue = Base64.getEncoder().encodeToString(new byte[4097]);
    assertError(send(req("/v1/txn").POST(BodyPublishers.ofString(
        "{\"success\": [{\"op\": \"put\", \"key\": \"k\", \"value\": \"" + bigValue + "\"}]}"))), 413,
        "payload_too_large");
  }

  @Test
  void clusterAndHealth() throws Exception {
    put("for-status", "x");
    JsonNode cluster = json(send(req("/v1/cluster").GET()));
    assertThat(cluster.get("clusterId").asText()).isEqualTo("local");
    assertThat(cluster.get("leaderId").asText()).isEqualTo("local");
    assertThat(cluster.get("appliedIndex").asLong()).isEqualTo(server.stateMachine.lastApplied());
    assertThat(cluster.get("members").get(0).get("role").asText()).isEqualTo("leader");
    HttpResponse<byte[]> health = send(req("/health").GET());
    assertThat(health.statusCode()).isEqualTo(200);
    assertThat(json(health).get("status").asText()).isEqualTo("ok");
  }
}
