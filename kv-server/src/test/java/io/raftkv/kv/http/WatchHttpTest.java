package io.raftkv.kv.http;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.raftkv.api.Op;
import io.raftkv.kv.KvCommand;
import io.raftkv.kv.KvLimits;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Watch streams over HTTP/1.1 against the real state machine: NDJSON and SSE, history replay from a start
 * revision, transactions delivered as one message, filters and prevKv, resume with Last-Event-ID, and every
 * bad request refused before a stream opens.
 */
class WatchHttpTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private TestServer server;
  private HttpClient client;

  @BeforeEach
  void start() throws Exception {
    server = new TestServer(new KvLimits(4096, 16), 64);
    client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private HttpRequest.Builder req(String path) {
    return HttpRequest.newBuilder(URI.create(server.url(path)));
  }

  private long put(String key, String value) throws Exception {
    HttpResponse<byte[]> r = client.send(req("/v1/kv/" + key).PUT(BodyPublishers.ofString(value)).build(),
        BodyHandlers.ofByteArray());
    return JSON.readTree(r.body()).get("revision").asLong();
  }

  private Iterator<String> stream(String path, String accept, String... headers) throws Exception {
    HttpRequest.Builder b = req(path).GET().header("Accept", accept);
    for (int i = 0; i < headers.length; i += 2) {
      b.header(headers[i], headers[i + 1]);
    }
    HttpResponse<Stream<String>> r = client.send(b.build(), BodyHandlers.ofLines());
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("content-type")).contains(accept);
    return r.body().iterator();
  }

  private static JsonNode nextJson(Iterator<String> lines) throws Exception {
    return JSON.readTree(lines.next());
  }

  private static List<String> keys(JsonNode response) {
    List<String> out = new ArrayList<>();
    response.get("events").forEach(e -> out.add(e.get("type").asText() + " " + e.get("kv").get("key").asText()));
    return out;
  }

  @Test
  void ndjsonReplaysHistoryThenFollowsWithTransactionsAsOneMessage() throws Exception {
    long r1 = put("w/a", "1");
    put("other", "x");
    long r3 = put("w/b", "2");
    Iterator<String> lines = stream("/v1/watch?prefix=w/&startRevision=" + r1, "application/x-ndjson");
    JsonNode first = nextJson(lines);
    assertThat(first.get("revision").asLong()).isEqualTo(r1);
    assertThat(keys(first)).containsExactly("put w/a");
    assertThat(nextJson(lines).get("revision").asLong()).isEqualTo(r3);

    server.service.write(new KvCommand.Txn(List.of(), List.of(new Op.Put("w/c", new byte[] {1}),
        new Op.Delete("w/a"), new Op.Put("outside", new byte[0])), List.of())).get();
    JsonNode txn = nextJson(lines);
    assertThat(txn.get("revision").asLong()).isEqualTo(r3 + 1);
    assertThat(keys(txn)).containsExactly("put w/c", "delete w/a");
    assertThat(txn.get("events").get(1).get("kv").get("modRevision").asLong()).isEqualTo(r3 + 1);
  }

  @Test
  void sseCarriesRevisionIdsAndResumesAfterLastEventId() throws Exception {
    long r1 = put("k", "one");
    long r2 = put("k", "two");
    Iterator<String> sse = stream("/v1/watch?key=k&startRevision=" + r1 + "&prevKv=true", "text/event-stream");
    assertThat(sse.next()).isEqualTo("id: " + r1);
    assertThat(sse.next()).startsWith("data: ");
    assertThat(sse.next()).isEmpty();
    assertThat(sse.next()).isEqualTo("id: " + r2);
    JsonNode second = JSON.readTree(sse.next().substring("data: ".length()));
    assertThat(second.get("events").get(0).get("prevKv").get("value").asText()).isEqualTo("b25l"); // "one"

    long r3 = put("k", "three");
    Iterator<String> resumed = stream("/v1/watch?key=k", "text/event-stream", "Last-Event-ID", String.valueOf(r2));
    assertThat(resumed.next()).isEqualTo("id: " + r3);
  }

  @Test
  void filtersLeaveOutPutsOrDeletes() throws Exception {
    long r1 = put("f", "1");
    client.send(req("/v1/kv/f").DELETE().build(), BodyHandlers.ofByteArray());
    long r3 = put("f", "2");
    Iterator<String> noput = stream("/v1/watch?key=f&filter=noput&startRevision=" + r1, "application/x-ndjson");
    assertThat(keys(nextJson(noput))).containsExactly("delete f");
    Iterator<String> nodelete = stream("/v1/watch?key=f&filter=nodelete&startRevision=" + r1,
        "application/x-ndjson");
    assertThat(nextJson(nodelete).get("revision").asLong()).isEqualTo(r1);
    assertThat(nextJson(nodelete).get("revision").asLong()).isEqualTo(r3);
  }

  @Test
  void badWatchesAreRefusedWithJsonBeforeAnyStreamOpens() throws Exception {
    long r = put("k", "v");
    put("k", "w");
    client.send(req("/v1/compact").POST(BodyPublishers.ofString("{\"revision\": " + (r + 1) + "}")).build(),
        BodyHandlers.ofByteArray());
    assertRefused("/v1/watch?key=k&startRevision=" + r, 410, "compacted");
    assertRefused("/v1/watch?key=k&startRevision=" + (r + 3), 400, "future_revision");
    assertRefused("/v1/watch?key=k&startRevision=-2", 400, "bad_parameter");
    assertRefused("/v1/watch?key=k&filter=nothing", 400, "bad_parameter");
    assertRefused("/v1/watch?key=k&colour=blue", 400, "bad_parameter");
    assertRefused("/v1/watch", 400, "bad_parameter");
    assertRefused("/v1/watch?key=k&prefix=p", 400, "bad_parameter");
    assertThat(server.server.openStreams()).isZero();
  }

  private void assertRefused(String path, int status, String code) throws Exception {
    HttpResponse<byte[]> r = client.send(req(path).GET().build(), BodyHandlers.ofByteArray());
    assertThat(r.statusCode()).as(new String(r.body(), UTF_8)).isEqualTo(status);
    assertThat(JSON.readTree(r.body()).get("error").asText()).isEqualTo(code);
    if (status == 410) {
      assertThat(JSON.readTree(r.body()).get("compactRevision").asLong()).isPositive();
    }
  }
}
