package io.raftkv.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.raftkv.api.ClusterStatus;
import io.raftkv.api.Compare;
import io.raftkv.api.Consistency;
import io.raftkv.api.DeleteRangeResult;
import io.raftkv.api.DeleteResult;
import io.raftkv.api.GetResult;
import io.raftkv.api.KeyRange;
import io.raftkv.api.KeyValue;
import io.raftkv.api.Op;
import io.raftkv.api.Precondition;
import io.raftkv.api.PutResult;
import io.raftkv.api.RangeResult;
import io.raftkv.api.TxnRequest;
import io.raftkv.api.TxnResult;
import io.raftkv.api.WriteResponse;
import io.raftkv.client.FaultInjectingServer.Action;
import io.raftkv.client.FaultInjectingServer.Drop;
import io.raftkv.client.FaultInjectingServer.Hang;
import io.raftkv.client.FaultInjectingServer.Received;
import io.raftkv.client.FaultInjectingServer.Respond;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The client's request encoding, response mapping and failover rules, over both HTTP/1.1 and HTTP/2, against
 * real sockets whose answers are scripted.
 */
class RaftKvClientTest {

  private final List<AutoCloseable> closeables = new ArrayList<>();

  @AfterEach
  void closeAll() throws Exception {
    for (AutoCloseable c : closeables) {
      c.close();
    }
  }

  private FaultInjectingServer server(boolean http2, Function<Received, Action> script) throws Exception {
    FaultInjectingServer server = new FaultInjectingServer(http2, script);
    closeables.add(server);
    return server;
  }

  private RaftKvClient client(boolean http2, String... urls) {
    RaftKvClient client = RaftKvClient.builder().endpoints(urls).http2(http2)
        .requestTimeout(Duration.ofSeconds(2)).build();
    closeables.add(client);
    return client;
  }

  private static String deadUrl() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return "http://127.0.0.1:" + socket.getLocalPort();
    }
  }

  private static Respond ok(String json, String etag) {
    return new Respond(200, etag == null ? Map.of("content-type", "application/json")
        : Map.of("content-type", "application/json", "etag", "\"" + etag + "\""), json);
  }

  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void putSendsPreconditionsAndEncodedKey(boolean http2) throws Exception {
    FaultInjectingServer server = server(http2, r -> ok("{\"revision\": 7}", "7"));
    RaftKvClient client = client(http2, server.url());

    assertThat(client.put("dir/a b", "v1").revision()).isEqualTo(7);
    client.put("k", "v".getBytes(StandardCharsets.UTF_8), Precondition.ifMatch(5));
    client.put("ключ", "v".getBytes(StandardCharsets.UTF_8), Precondition.ifAbsent());

    List<Received> received = server.received();
    assertThat(received).extracting(Received::method).containsOnly("PUT");
    assertThat(received.get(0).uri()).isEqualTo("/v1/kv/dir/a%20b");
    assertThat(received.get(0).body()).isEqualTo("v1");
    assertThat(received.get(0).ifMatch()).isNull();
    assertThat(received.get(1).ifMatch()).isEqualTo("\"5\"");
    assertThat(received.get(2).uri()).isEqualTo("/v1/kv/%D0%BA%D0%BB%D1%8E%D1%87");
    assertThat(received.get(2).ifNoneMatch()).isEqualTo("*");
  }

  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void getReturnsValueWithEtagRevisionOrEmpty(boolean http2) throws Exception {
    FaultInjectingServer server = server(http2, r -> r.uri().startsWith("/v1/kv/present")
        ? new Respond(200, Map.of("etag", "\"42\""), "hello")
        : FaultInjectingServer.json(404, "{\"error\":\"not_found\",\"message\":\"no such key\"}"));
    RaftKvClient client = client(http2, server.url());

    Optional<VersionedValue> value = client.get("present", Consistency.SERIALIZABLE);
    assertThat(value).isPresent();
    assertThat(value.get().valueAsString()).isEqualTo("hello");
    assertThat(value.get().modRevision()).isEqualTo(42);
    assertThat(client.get("absent")).isEmpty();
    assertThat(server.received().get(0).uri()).isEqualTo("/v1/kv/present?consistency=serializable");
    assertThat(server.received().get(1).uri()).isEqualTo("/v1/kv/absent");
  }

  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void errorStatusesBecomeTypedExceptions(boolean http2) throws Exception {
    FaultInjectingServer server = server(http2, r -> switch (r.uri()) {
      case "/v1/kv/cas" -> FaultInjectingServer.json(412, "{\"error\":\"precondition_failed\",\"message\":\"x\","
          + "\"currentModRevision\": 9, \"exists\": true}");
      case "/v1/kv/new" -> FaultInjectingServer.json(412, "{\"error\":\"precondition_failed\",\"message\":\"x\","
          + "\"currentModRevision\": 0, \"exists\": false}");
      case "/v1/kv/busy" -> new Respond(429, Map.of("retry-after", "3"), "{\"error\":\"busy\",\"message\":\"slow\"}");
      case "/v1/kv/big" -> FaultInjectingServer.json(413, "{\"error\":\"too_large\",\"message\":\"value too large\"}");
      default -> FaultInjectingServer.json(404, "{\"error\":\"not_found\",\"message\":\"no\"}");
    });
    RaftKvClient client = client(http2, server.url());

    assertThatThrownBy(() -> client.put("cas", "v".getBytes(StandardCharsets.UTF_8), Precondition.ifMatch(3)))
        .isInstanceOfSatisfying(PreconditionFailedException.class,
            e -> assertThat(e.currentModRevision()).isEqualTo(OptionalLong.of(9)));
    assertThatThrownBy(() -> client.put("new", "v".getBytes(StandardCharsets.UTF_8), Precondition.ifMatch(3)))
        .isInstanceOfSatisfying(PreconditionFailedException.class,
            e -> assertThat(e.currentModRevision()).isEmpty());
    assertThatThrownBy(() -> client.put("busy", "v"))
        .isInstanceOfSatisfying(TooManyRequestsException.class, e -> assertThat(e.retryAfterSeconds()).isEqualTo(3));
    assertThatThrownBy(() -> client.put("big", "v"))
        .isInstanceOfSatisfying(BadRequestException.class, e -> assertThat(e.status()).isEqualTo(413))
        .hasMessageContaining("value too large");
    assertThatThrownBy(() -> client.delete("gone")).isInstanceOf(KeyNotFoundException.class);
    assertThatThrownBy(() -> client.put("", "v")).isInstanceOf(IllegalArgumentException.class);
    // Each request went exactly once: 4xx answers are final.
    assertThat(server.received()).hasSize(5);
  }

  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void failsOverFromDeadEndpointAndSticksToLiveOne(boolean http2) throws Exception {
    FaultInjectingServer live = server(http2, r -> ok("{\"revision\": 1}", "1"));
    RaftKvClient client = client(http2, deadUrl(), live.url());

    assertThat(client.put("a", "1").revision()).isEqualTo(1);
    assertThat(client.put("b", "2").revision()).isEqualTo(1);
    assertThat(live.received()).hasSize(2);
  }

  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void unavailableAnswerMovesToNextEndpoint(boolean http2) throws Exception {
    FaultInjectingServer follower = server(http2, r -> new Respond(503, Map.of("retry-after", "1"),
        "{\"error\":\"no_leader\",\"message\":\"not the leader\"}"));
    FaultInjectingServer leader = server(http2, r -> ok("{\"revision\": 3}", "3"));
    RaftKvClient client = client(http2, follower.url(), leader.url());

    assertThat(client.put("k", "v").revision()).isEqualTo(3);
    assertThat(follower.received()).hasSize(1);
    assertThat(leader.received()).hasSize(1);
  }

  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void followsTheLeaderHintOfAnUnavailableAnswer(boolean http2) throws Exception {
    FaultInjectingServer leader = server(http2, r -> ok("{\"revision\": 8}", "8"));
    FaultInjectingServer follower = server(http2, r -> FaultInjectingServer.json(503,
        "{\"error\":\"not_applied\",\"message\":\"not leader\",\"leader\":\"" + leader.url() + "\"}"));
    FaultInjectingServer bystander = server(http2, r -> ok("{\"revision\": 1}", "1"));
    RaftKvClient client = client(http2, follower.url(), bystander.url(), leader.url());

    assertThat(client.put("k", "v").revision()).isEqualTo(8);
    assertThat(bystander.received()).isEmpty();
    assertThat(client.put("k2", "v").revision()).isEqualTo(8);
    assertThat(follower.received()).hasSize(1);
  }

  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void givesUpAfterMaxAttemptsWhenEveryEndpointIsUnavailable(boolean http2) throws Exception {
    FaultInjectingServer a = server(http2, r -> FaultInjectingServer.json(503, "{\"error\":\"no_leader\"}"));
    FaultInjectingServer b = server(http2, r -> FaultInjectingServer.json(503, "{\"error\":\"no_leader\"}"));
    RaftKvClient client = RaftKvClient.builder().endpoints(a.url(), b.url()).http2(http2).maxAttempts(5).build();
    closeables.add(client);

    assertThatThrownBy(() -> client.put("k", "v")).isInstanceOf(UnavailableException.class)
        .hasMessageContaining("5 attempt");
    assertThat(a.received().size() + b.received().size()).isEqualTo(5);
  }

  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void writeDroppedAfterSendingIsOutcomeUnknownAndNotRetried(boolean http2) throws Exception {
    FaultInjectingServer crashing = server(http2, r -> new Drop());
    FaultInjectingServer other = server(http2, r -> ok("{\"revision\": 1}", "1"));
    RaftKvClient client = client(http2, crashing.url(), other.url());

    assertThatThrownBy(() -> client.put("k", "v")).isInstanceOf(OutcomeUnknownException.class);
    assertThat(crashing.received()).hasSize(1);
    assertThat(other.received()).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void gatewayTimeoutOnWriteIsOutcomeUnknownAndNotRetried(boolean http2) throws Exception {
    FaultInjectingServer slow = server(http2, r -> FaultInjectingServer.json(504, "{\"error\":\"timeout\"}"));
    FaultInjectingServer other = server(http2, r -> ok("{\"revision\": 1}", "1"));
    RaftKvClient client = client(http2, slow.url(), other.url());

    assertThatThrownBy(() -> client.delete("k")).isInstanceOfSatisfying(OutcomeUnknownException.class,
        e -> assertThat(e.status()).isEqualTo(504));
    assertThat(other.received()).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void writeWithoutAnswerTimesOutAsOutcomeUnknown(boolean http2) throws Exception {
    FaultInjectingServer hanging = server(http2, r -> new Hang());
    FaultInjectingServer other = server(http2, r -> ok("{\"revision\": 1}", "1"));
    RaftKvClient client = RaftKvClient.builder().endpoints(hanging.url(), other.url()).http2(http2)
        .requestTimeout(Duration.ofMillis(300)).build();
    closeables.add(client);

    assertThatThrownBy(() -> client.put("k", "v")).isInstanceOf(OutcomeUnknownException.class)
        .hasMessageContaining("no response within 300 ms");
    assertThat(other.received()).isEmpty();
  }

  @org.junit.jupiter.api.Test
  void refusedStreamIsNotProcessedSoTheWriteGoesElsewhere() throws Exception {
    FaultInjectingServer refusing = server(true, r -> new FaultInjectingServer.Refuse());
    FaultInjectingServer other = server(true, r -> ok("{\"revision\": 2}", "2"));
    RaftKvClient client = client(true, refusing.url(), other.url());

    assertThat(client.put("k", "v").revision()).isEqualTo(2);
    assertThat(refusing.received()).hasSize(1);
    assertThat(other.received()).hasSize(1);
  }

  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void readDroppedAfterSendingIsRetriedElsewhere(boolean http2) throws Exception {
    FaultInjectingServer crashing = server(http2, r -> new Drop());
    FaultInjectingServer other = server(http2, r -> new Respond(200, Map.of("etag", "\"4\""), "v"));
    RaftKvClient client = client(http2, crashing.url(), other.url());

    assertThat(client.get("k")).map(VersionedValue::modRevision).contains(4L);
    assertThat(crashing.received()).hasSize(1);
    assertThat(other.received()).hasSize(1);
  }

  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void manyConcurrentRequestsShareFewConnections(boolean http2) throws Exception {
    FaultInjectingServer server = server(http2, r -> ok("{\"revision\": 1}", "1"));
    RaftKvClient client = RaftKvClient.builder().endpoints(server.url()).http2(http2).connectionsPerEndpoint(2)
        .streamsPerConnection(8).build();
    closeables.add(client);

    List<CompletableFuture<WriteResponse>> futures = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      futures.add(client.putAsync("k" + i, new byte[] {(byte) i}));
    }
    CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).join();
    assertThat(futures).allSatisfy(f -> assertThat(f.join().revision()).isEqualTo(1));
    assertThat(server.received()).hasSize(300);
  }

  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void listDecodesBase64Values(boolean http2) throws Exception {
    FaultInjectingServer server = server(http2, r -> ok("{\"revision\":6,\"kvs\":[{\"key\":\"p/a\",\"value\":\"aGk=\","
        + "\"createRevision\":2,\"modRevision\":5,\"version\":3}],\"more\":true}", null));
    RaftKvClient client = client(http2, server.url());

    RangeResult list = client.list("p/", 10);
    assertThat(list.more()).isTrue();
    assertThat(list.revision()).isEqualTo(6);
    assertThat(list.kvs()).containsExactly(new KeyValue("p/a", "hi".getBytes(StandardCharsets.UTF_8), 2, 5, 3));
    assertThat(server.received().get(0).uri()).isEqualTo("/v1/kv?prefix=p%2F&limit=10");
  }

  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void txnUsesTheServersJsonFormatAndDecodesEveryResultKind(boolean http2) throws Exception {
    FaultInjectingServer server = server(http2, r -> ok("{\"succeeded\":false,\"revision\":12,\"results\":["
        + "{\"op\":\"get\",\"revision\":12,\"kv\":{\"key\":\"k\",\"value\":\"dg==\",\"createRevision\":3,"
        + "\"modRevision\":11,\"version\":4}},"
        + "{\"op\":\"delete\",\"revision\":12,\"deleted\":false,\"prevKv\":null},"
        + "{\"op\":\"range\",\"revision\":12,\"kvs\":[],\"more\":false},"
        + "{\"op\":\"put\",\"revision\":12,\"modRevision\":12,\"createRevision\":12,\"version\":1}]}", null));
    RaftKvClient client = client(http2, server.url());

    TxnRequest txn = TxnRequest.builder().when(Compare.modRevision("k", Compare.Result.EQUAL, 10))
        .when(Compare.value("k", Compare.Result.NOT_EQUAL, new byte[] {1}))
        .thenPut("k", "v").otherwise(new Op.Get("k")).otherwise(new Op.Delete("x"))
        .otherwise(new Op.Range("p/", 5)).build();
    TxnResult result = client.txn(txn);

    assertThat(result.succeeded()).isFalse();
    assertThat(result.revision()).isEqualTo(12);
    assertThat(result.results()).hasSize(4);
    assertThat(result.results().get(0)).isInstanceOfSatisfying(GetResult.class,
        g -> assertThat(g.value()).map(KeyValue::modRevision).contains(11L));
    assertThat(result.results().get(1)).isEqualTo(new DeleteResult(12, false, null));
    assertThat(result.results().get(2)).isEqualTo(new RangeResult(List.of(), false, 12));
    assertThat(result.results().get(3)).isEqualTo(new PutResult(12, 12, 12, 1));
    Received sent = server.received().get(0);
    assertThat(sent.method()).isEqualTo("POST");
    assertThat(sent.uri()).isEqualTo("/v1/txn");
    assertThat(sent.body()).isEqualTo("{\"compare\":["
        + "{\"key\":\"k\",\"target\":\"modRevision\",\"result\":\"equal\",\"modRevision\":10},"
        + "{\"key\":\"k\",\"target\":\"value\",\"result\":\"notEqual\",\"value\":\"AQ==\"}],"
        + "\"success\":[{\"op\":\"put\",\"key\":\"k\",\"value\":\"dg==\"}],"
        + "\"failure\":[{\"op\":\"get\",\"key\":\"k\"},{\"op\":\"delete\",\"key\":\"x\"},"
        + "{\"op\":\"range\",\"prefix\":\"p/\",\"limit\":5}]}");
  }

  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void aTxnRangeDeleteIsSentInTheServersFormatAndItsCountAndPrevKvsDecoded(boolean http2) throws Exception {
    FaultInjectingServer server = server(http2, r -> ok("{\"succeeded\":true,\"revision\":7,\"results\":["
        + "{\"op\":\"delete\",\"revision\":7,\"deleted\":2,\"prevKvs\":[{\"key\":\"p/a\",\"value\":\"dg==\","
        + "\"createRevision\":3,\"modRevision\":3,\"version\":1},{\"key\":\"p/b\",\"value\":\"dg==\","
        + "\"createRevision\":4,\"modRevision\":5,\"version\":2}]},"
        + "{\"op\":\"delete\",\"revision\":7,\"deleted\":0,\"prevKvs\":[]}]}", null));
    RaftKvClient client = client(http2, server.url());

    TxnResult result = client.txn(TxnRequest.builder().then(new Op.DeleteRange(KeyRange.prefix("p/"), true))
        .then(new Op.DeleteRange(KeyRange.interval("x", null), false)).build());

    byte[] v = "v".getBytes(StandardCharsets.UTF_8);
    assertThat(result.results()).containsExactly(
        new DeleteRangeResult(7, 2, List.of(new KeyValue("p/a", v, 3, 3, 1), new KeyValue("p/b", v, 4, 5, 2))),
        new DeleteRangeResult(7, 0));
    assertThat(server.received().get(0).body()).isEqualTo("{\"compare\":[],\"success\":["
        + "{\"op\":\"delete\",\"prefix\":\"p/\",\"prevKv\":true},{\"op\":\"delete\",\"start\":\"x\"}],"
        + "\"failure\":[]}");
  }

  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void healthAsksEveryEndpointWithoutFailover(boolean http2) throws Exception {
    FaultInjectingServer healthy = server(http2, r -> ok("{\"status\":\"ok\"}", null));
    FaultInjectingServer unhealthy = server(http2, r -> FaultInjectingServer.json(503, "{\"error\":\"unhealthy\"}"));
    String dead = deadUrl();
    RaftKvClient client = client(http2, healthy.url(), unhealthy.url(), dead);

    assertThat(client.health().values()).containsExactly(true, false, false);
    assertThat(healthy.received()).extracting(Received::uri).containsExactly("/health");
    assertThat(unhealthy.received()).hasSize(1);
  }

  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void clusterStatusKeepsProgressOnlyWhereTheServerKnowsIt(boolean http2) throws Exception {
    String member = "{\"id\":\"n%d\",\"peerAddress\":\"127.0.0.1:708%d\",\"clientUrl\":\"http://127.0.0.1:808%d\","
        + "\"role\":\"%s\",\"matchIndex\":%d,\"nextIndex\":%d,\"state\":\"%s\"}";
    String body = "{\"clusterId\":\"c1\",\"nodeId\":\"n2\",\"leaderId\":\"n1\",\"term\":4,\"commitIndex\":17,"
        + "\"appliedIndex\":16,\"members\":[" + String.format(member, 1, 1, 1, "leader", -1, -1, "unknown") + ","
        + String.format(member, 2, 2, 2, "follower", -1, -1, "unknown") + "]}";
    FaultInjectingServer server = server(http2, r -> ok(body, null));
    RaftKvClient client = client(http2, server.url());

    ClusterStatus status = client.clusterStatus();
    assertThat(status.clusterId()).isEqualTo("c1");
    assertThat(status.nodeId()).isEqualTo("n2");
    assertThat(status.leader()).contains("n1");
    assertThat(status.answeredByLeader()).isFalse();
    assertThat(List.of(status.term(), status.commitIndex(), status.appliedIndex())).containsExactly(4L, 17L, 16L);
    assertThat(status.members()).extracting(ClusterStatus.Member::clientUrl)
        .containsExactly("http://127.0.0.1:8081", "http://127.0.0.1:8082");
    assertThat(status.members()).allSatisfy(m -> {
      assertThat(m.knownMatchIndex()).isEmpty();
      assertThat(m.knownNextIndex()).isEmpty();
    });
  }
}
