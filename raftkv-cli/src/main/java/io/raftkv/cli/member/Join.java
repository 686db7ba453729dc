package io.raftkv.cli.member;

import com.fasterxml.jackson.databind.JsonNode;
import io.raftkv.api.ApiJson;
import io.raftkv.api.ErrorKind;
import io.raftkv.api.Members;
import io.raftkv.api.MembersJson;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code raftkv server --join URL[,URL...]}: learns the cluster's id and members from a running member,
 * and, once this node listens, asks the cluster to add it as an auto-promoted learner, then keeps asking
 * for its promotion until it is a voter (an auto-promotion is the leader's memory and is lost if the
 * leader changes). Safe to rerun after a crash: adding the same id with the same addresses is a no-op, so
 * a member is never added twice.
 */
public final class Join {

  private static final Logger log = LoggerFactory.getLogger(Join.class);

  /** What the running cluster told us: its id and its members' peer addresses. */
  public record ClusterView(String clusterId, Map<String, String> peers) {}

  private final MembersHttp http;

  public Join(List<String> urls) {
    this.http = new MembersHttp(urls, Duration.ofSeconds(10));
  }

  /** Asks the cluster who it is; retries for up to {@code patience}; throws when nobody answered. */
  public ClusterView discover(Duration patience) throws InterruptedException {
    long deadline = System.nanoTime() + patience.toNanos();
    String why;
    do {
      MembersHttp.Answer cluster = http.send("GET", "/v1/cluster", null, null);
      MembersHttp.Answer members = http.send("GET", "/v1/members", null, null);
      if (cluster.ok() && members.ok()) {
        JsonNode c = ApiJson.readTree(cluster.body().getBytes(StandardCharsets.UTF_8), ErrorKind.INTERNAL);
        Members m = MembersJson.readMembers(
            ApiJson.readTree(members.body().getBytes(StandardCharsets.UTF_8), ErrorKind.INTERNAL));
        Map<String, String> peers = new LinkedHashMap<>();
        m.members().stream().filter(x -> !x.peerAddress().isEmpty()).forEach(x -> peers.put(x.id(), x.peerAddress()));
        return new ClusterView(c.path("clusterId").asText(), peers);
      }
      why = cluster.ok() ? members.status() + " " + members.body() : cluster.status() + " " + cluster.body();
      Thread.sleep(500);
    } while (System.nanoTime() < deadline);
    throw new IllegalStateException("--join: no member answered: " + why);
  }

  /** Adds this node (idempotent) and waits until it is a voter; returns false if that did not happen in time. */
  public boolean joinAsVoter(String id, String peerAddress, String clientUrl, Duration patience)
      throws InterruptedException {
    String body = MembersJson.addRequestJson(new MembersJson.AddRequest(id, peerAddress, clientUrl)).toString();
    long deadline = System.nanoTime() + patience.toNanos();
    boolean added = false;
    while (System.nanoTime() < deadline) {
      if (!added) {
        MembersHttp.Answer a = http.send("POST", "/v1/members?autoPromote=true", body, null);
        if (a.ok()) {
          added = true;
          log.info("--join: {} is a member", id);
        } else if (a.status() >= 400 && a.status() < 500 && a.status() != 409) {
          throw new IllegalStateException("--join refused: " + a.status() + " " + a.body());
        } else {
          log.info("--join: add not done yet ({} {}); retrying", a.status(), a.body());
        }
      } else {
        MembersHttp.Answer list = http.send("GET", "/v1/members", null, null);
        if (list.ok() && MembersJson.readMembers(ApiJson.readTree(list.body().getBytes(StandardCharsets.UTF_8),
            ErrorKind.INTERNAL)).member(id).map(Members.Member::isVoter).orElse(false)) {
          log.info("--join: {} is a voter", id);
          return true;
        }
        // 409 while catching up is expected; the leader may also promote it on its own.
        http.send("POST", "/v1/members/" + id + "/promote", null, null);
      }
      Thread.sleep(500);
    }
    return false;
  }
}
