package io.raftkv.kv.http;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.raftkv.api.KeyRange;
import io.raftkv.kv.KvCommand;
import io.raftkv.kv.KvLimits;
import io.raftkv.kv.KvStateMachine;
import io.raftkv.kv.WatchFilter;
import io.raftkv.kv.api.LocalKvService;
import io.raftkv.kv.http.stream.Chunk;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse.BodyHandlers;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Progress on request ({@code POST /v1/watch/progress}): every open watch sends a bookmark at once, and a
 * watch still catching up from history is told only the revision it has delivered up to (etcd #17507), never
 * the store's current revision.
 */
class WatchProgressTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private final ByteBufAllocator alloc = UnpooledByteBufAllocator.DEFAULT;

  /** The NDJSON messages of one pull, or none when the pull returned nothing. */
  private List<JsonNode> pull(WatchSource source) throws Exception {
    Chunk chunk = source.next(alloc);
    List<JsonNode> out = new ArrayList<>();
    if (chunk instanceof Chunk.Data data) {
      for (String line : data.content().toString(UTF_8).split("\n")) {
        out.add(JSON.readTree(line));
      }
      data.content().release();
    }
    return out;
  }

  @Test
  void aWatchCatchingUpGetsABookmarkAtOnceAtTheRevisionItDeliveredNotTheStores() throws Exception {
    KvStateMachine store = new KvStateMachine(KvLimits.defaults());
    LocalKvService service = new LocalKvService(store);
    int revisions = 3 * WatchSource.REVISIONS_PER_PULL + 10;
    for (int i = 0; i < revisions; i++) {
      service.write(new KvCommand.Put("p/" + i, new byte[] {1})).get();
    }
    long first = store.revision() - revisions + 1;
    WatchSource source = new WatchSource(service.watch(KeyRange.prefix("p/"), first, WatchFilter.NONE, false,
        () -> { }), WatchFormat.NDJSON, () -> { });
    source.start(() -> { });
    assertThat(pull(source)).hasSize(WatchSource.REVISIONS_PER_PULL).noneMatch(m -> m.has("progress"));

    source.requestProgress();
    List<JsonNode> next = pull(source);
    JsonNode bookmark = next.get(next.size() - 1);
    long lastDelivered = next.get(next.size() - 2).get("revision").asLong();
    assertThat(bookmark.path("progress").asBoolean()).as("a bookmark at once, while catching up").isTrue();
    assertThat(bookmark.get("revision").asLong()).isEqualTo(lastDelivered).isLessThan(store.revision());

    // The rest follows, each revision once and after the bookmark's.
    List<Long> rest = new ArrayList<>();
    for (List<JsonNode> m = pull(source); !m.isEmpty(); m = pull(source)) {
      m.forEach(r -> rest.add(r.get("revision").asLong()));
    }
    assertThat(rest).hasSize((int) (store.revision() - lastDelivered)).first().isEqualTo(lastDelivered + 1);

    // Caught up: the bookmark is the store's revision.
    source.requestProgress();
    assertThat(pull(source)).singleElement().satisfies(m -> {
      assertThat(m.path("progress").asBoolean()).isTrue();
      assertThat(m.get("revision").asLong()).isEqualTo(store.revision());
    });
    source.close();
  }

  @Test
  void postProgressMakesAnOpenWatchSendABookmarkAtOnce() throws Exception {
    try (TestServer server = new TestServer(new KvLimits(4096, 16), 64)) {
      HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
      Iterator<String> lines = client.send(HttpRequest.newBuilder(URI.create(server.url("/v1/watch?prefix=w/")))
          .header("Accept", "application/x-ndjson").build(), BodyHandlers.ofLines()).body().iterator();
      long a = server.service.write(new KvCommand.Put("w/a", new byte[] {1})).get().revision();
      assertThat(JSON.readTree(lines.next()).get("revision").asLong()).isEqualTo(a);
      server.service.write(new KvCommand.Put("outside", new byte[] {1})).get();

      var answer = client.send(HttpRequest.newBuilder(URI.create(server.url("/v1/watch/progress")))
          .POST(BodyPublishers.noBody()).build(), BodyHandlers.ofString());
      assertThat(answer.statusCode()).isEqualTo(200);
      assertThat(JSON.readTree(answer.body()).get("watches").asInt()).isEqualTo(1);
      JsonNode bookmark = JSON.readTree(lines.next());
      assertThat(bookmark.path("progress").asBoolean()).isTrue();
      assertThat(bookmark.get("revision").asLong()).isEqualTo(a + 1);

      long b = server.service.write(new KvCommand.Put("w/b", new byte[] {2})).get().revision();
      assertThat(JSON.readTree(lines.next()).get("revision").asLong()).isEqualTo(b);

      var wrongMethod = client.send(HttpRequest.newBuilder(URI.create(server.url("/v1/watch/progress"))).GET()
          .build(), BodyHandlers.ofString());
      assertThat(wrongMethod.statusCode()).isEqualTo(405);
    }
  }
}
