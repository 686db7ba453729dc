package io.raftkv.kv.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.raftkv.api.ClusterStatus;
import io.raftkv.api.Consistency;
import io.raftkv.api.KvResult;
import io.raftkv.api.Members;
import io.raftkv.api.MembersJson.AddRequest;
import io.raftkv.api.ReadOp;
import io.raftkv.api.ReadResult;
import io.raftkv.kv.KvCommand;
import io.raftkv.kv.KvLimits;
import io.raftkv.kv.api.KvService;
import io.raftkv.kv.api.KvServiceException;
import io.raftkv.kv.api.KvServiceException.Kind;
import io.raftkv.kv.api.MembershipService;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The membership endpoints over HTTP against a scripted {@link MembershipService}: status codes, ETag,
 * If-Match parsing, bad bodies refused before the service sees them, and a follower forwarding a change
 * to the leader it names.
 */
class MembersEndpointTest {

  private static final Members LIST = new Members(5, "n1", List.of(
      new Members.Member("n1", "127.0.0.1:7001", "http://127.0.0.1:8001", "voter", 10, 0)));

  /** Leader or follower: a follower refuses every change with NOT_LEADER naming {@code leaderUrl}. */
  static final class Scripted implements KvService, MembershipService {
    final List<String> calls = new CopyOnWriteArrayList<>();
    volatile String leaderUrl;

    @Override
    public CompletableFuture<KvResult> write(KvCommand cmd) {
      return CompletableFuture.failedFuture(new KvServiceException(Kind.INTERNAL, "unused"));
    }

    @Override
    public CompletableFuture<ReadResult> read(ReadOp query, Consistency consistency) {
      return CompletableFuture.failedFuture(new KvServiceException(Kind.INTERNAL, "unused"));
    }

    @Override
    public ClusterStatus clusterStatus() {
      return new ClusterStatus("c", "n1", "n1", 1, 1, 1, List.of());
    }

    @Override
    public io.raftkv.kv.Watcher watch(io.raftkv.api.KeyRange range, long startRevision,
        io.raftkv.kv.WatchFilter filter, boolean prevKv, Runnable wake) {
      throw new UnsupportedOperationException("unused");
    }

    @Override
    public boolean healthy() {
      return true;
    }

    @Override
    public Members members() {
      return LIST;
    }

    private CompletableFuture<Members> change(String call) {
      calls.add(call);
      if (leaderUrl != null) {
        return CompletableFuture.failedFuture(new KvServiceException(Kind.NOT_LEADER, "not leader", leaderUrl, null));
      }
      if (call.contains("n9")) {
        return CompletableFuture.failedFuture(new KvServiceException(Kind.NOT_FOUND, "no member n9"));
      }
      if (call.contains("n1")) {
        return CompletableFuture.failedFuture(new KvServiceException(Kind.CONFLICT, "n1 is already a voter"));
      }
      return CompletableFuture.completedFuture(LIST);
    }

    @Override
    public CompletableFuture<Members> add(AddRequest m, boolean autoPromote, OptionalLong ifMatch) {
      return change("add " + m.id() + " " + m.peerAddress() + " " + m.clientUrl() + " " + autoPromote + " " + ifMatch);
    }

    @Override
    public CompletableFuture<Members> promote(String id, boolean force, OptionalLong ifMatch) {
      return change("promote " + id + " " + force + " " + ifMatch);
    }

    @Override
    public CompletableFuture<Members> remove(String id, boolean force, OptionalLong ifMatch) {
      return change("remove " + id + " " + force + " " + ifMatch);
    }

    @Override
    public CompletableFuture<String> transferLeader(String to) {
      calls.add("transfer " + to);
      return CompletableFuture.completedFuture(to == null ? "n2" : to);
    }
  }

  private final Scripted leader = new Scripted();
  private final Scripted follower = new Scripted();
  private KvHttpServer leaderServer;
  private KvHttpServer followerServer;
  private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  @BeforeEach
  void start() throws Exception {
    HttpServerConfig config = new HttpServerConfig("127.0.0.1", 0, KvLimits.defaults(), 64, 100,
        Duration.ofSeconds(10), 2, true);
    leaderServer = KvHttpServer.start(config, leader);
    followerServer = KvHttpServer.start(config, follower);
    follower.leaderUrl = "http://127.0.0.1:" + leaderServer.port();
  }

  @AfterEach
  void stop() {
    leaderServer.close();
    followerServer.close();
  }

  private HttpResponse<String> send(KvHttpServer server, String method, String path, String body, String... headers)
      throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
        .method(method, body == null ? BodyPublishers.noBody() : BodyPublishers.ofString(body));
    for (int i = 0; i < headers.length; i += 2) {
      b.header(headers[i], headers[i + 1]);
    }
    return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void listHasTheConfigIndexAsETag() throws Exception {
    HttpResponse<String> r = send(leaderServer, "GET", "/v1/members", null);
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("ETag")).contains("\"5\"");
    assertThat(r.body()).contains("\"configIndex\":5").contains("\"role\":\"voter\"")
        .contains("\"clientUrl\":\"http://127.0.0.1:8001\"");
  }

  @Test
  void aChangeOnAFollowerIsForwardedToTheLeaderWithItsFlagsAndIfMatch() throws Exception {
    HttpResponse<String> r = send(followerServer, "POST", "/v1/members?autoPromote=true",
        "{\"id\":\"n4\",\"peerAddress\":\"h:1\",\"clientUrl\":\"http://h:2\"}", "If-Match", "\"5\"");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("ETag")).contains("\"5\"");
    assertThat(follower.calls).hasSize(1);
    assertThat(leader.calls).containsExactly("add n4 h:1 http://h:2 true OptionalLong[5]");
  }

  @Test
  void refusalsKeepTheirStatusAndErrorCode() throws Exception {
    HttpResponse<String> conflict = send(leaderServer, "POST", "/v1/members/n1/promote", null);
    assertThat(conflict.statusCode()).isEqualTo(409);
    assertThat(conflict.body()).contains("\"error\":\"conflict\"").contains("already a voter");
    HttpResponse<String> unknown = send(followerServer, "DELETE", "/v1/members/n9?force=true", null);
    assertThat(unknown.statusCode()).isEqualTo(404);
    assertThat(leader.calls).contains("remove n9 true OptionalLong.empty");
  }

  @Test
  void badInputIsRefusedBeforeTheServiceSeesIt() throws Exception {
    assertThat(send(leaderServer, "POST", "/v1/members", "{\"id\":\"n4\"}").statusCode()).isEqualTo(400);
    assertThat(send(leaderServer, "POST", "/v1/members", "not json").body()).contains("bad_json");
    assertThat(send(leaderServer, "POST", "/v1/members",
        "{\"id\":\"n4\",\"peerAddress\":\"h:1\",\"clientUrl\":\"http://h:2\",\"extra\":1}").statusCode()).isEqualTo(400);
    assertThat(send(leaderServer, "DELETE", "/v1/members/n4", null, "If-Match", "5").body())
        .contains("bad_precondition");
    assertThat(send(leaderServer, "DELETE", "/v1/members/n4?force=maybe", null).body()).contains("bad_parameter");
    assertThat(send(leaderServer, "POST", "/v1/leader/transfer", "{\"to\":3}").statusCode()).isEqualTo(400);
    assertThat(leader.calls).isEmpty();
    HttpResponse<String> wrongMethod = send(leaderServer, "GET", "/v1/members/n4", null);
    assertThat(wrongMethod.statusCode()).isEqualTo(405);
    assertThat(wrongMethod.headers().firstValue("Allow")).contains("DELETE");
  }

  @Test
  void transferWithoutABodyPicksTheServicesChoice() throws Exception {
    HttpResponse<String> r = send(followerServer, "POST", "/v1/leader/transfer", null);
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).isEqualTo("{\"leader\":\"n2\"}");
    assertThat(leader.calls).isEmpty(); // transfer is answered by the scripted follower itself here
    assertThat(follower.calls).containsExactly("transfer null");
  }
}
