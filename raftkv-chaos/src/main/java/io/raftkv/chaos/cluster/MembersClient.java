package io.raftkv.chaos.cluster;

import io.raftkv.api.ApiJson;
import io.raftkv.api.ApiJsonException;
import io.raftkv.api.ErrorKind;
import io.raftkv.api.Members;
import io.raftkv.api.MembersJson;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The membership endpoints of docs/API.md ("Members") as the nemesis calls them: each request goes to
 * the given nodes in order and moves on only from one that could not be reached or answered 503
 * (any member forwards a change to the leader, so any reachable one will do). It never retries a
 * change that may have been applied; deciding what a 409 or 504 means is the caller's job.
 *
 * <p>raftkv-cli's {@code MembersHttp} does the same for the CLI; it is not reused because raftkv-cli
 * is a shaded jar that would put the whole server on this module's classpath.
 */
public final class MembersClient {

  /** Long enough for the removal of a leader (two election timeouts plus a commit). */
  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  /** An answer: status 0 when no node answered. */
  public record Answer(int status, String body) {
    public boolean ok() {
      return status == 200;
    }
  }

  private final HttpClient http;

  public MembersClient(HttpClient http) {
    this.http = http;
  }

  /** {@code GET /v1/members} from the first node that answers it. */
  public Optional<Members> list(List<URI> via) {
    Answer a = send(via, "GET", "/v1/members", null);
    if (!a.ok()) {
      return Optional.empty();
    }
    try {
      return Optional.of(MembersJson.readMembers(ApiJson.readTree(a.body().getBytes(StandardCharsets.UTF_8),
          ErrorKind.INTERNAL)));
    } catch (ApiJsonException e) {
      return Optional.empty();
    }
  }

  /** {@code POST /v1/members}: adds {@code id} as a learner that waits for an explicit promotion. */
  public Answer addLearner(List<URI> via, String id, String peerAddress, String clientUrl) {
    String body = MembersJson.addRequestJson(new MembersJson.AddRequest(id, peerAddress, clientUrl)).toString();
    return send(via, "POST", "/v1/members", body);
  }

  public Answer promote(List<URI> via, String id) {
    return send(via, "POST", "/v1/members/" + id + "/promote", null);
  }

  public Answer remove(List<URI> via, String id) {
    return send(via, "DELETE", "/v1/members/" + id, null);
  }

  /** {@code POST /v1/leader/transfer} to {@code to}. */
  public Answer transferLeader(List<URI> via, String to) {
    return send(via, "POST", "/v1/leader/transfer", "{\"to\":\"" + to + "\"}");
  }

  private Answer send(List<URI> via, String method, String path, String json) {
    Answer last = new Answer(0, "no node to ask");
    for (URI base : via) {
      HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path)).timeout(TIMEOUT).method(method,
          json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
      if (json != null) {
        b.header("Content-Type", "application/json");
      }
      try {
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        last = new Answer(r.statusCode(), r.body());
        if (r.statusCode() != 503) {
          return last;
        }
      } catch (IOException e) {
        last = new Answer(0, base + ": " + e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return new Answer(0, "interrupted");
      }
    }
    return last;
  }
}
