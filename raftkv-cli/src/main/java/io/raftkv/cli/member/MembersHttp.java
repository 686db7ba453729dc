package io.raftkv.cli.member;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

/**
 * The membership endpoints over plain HTTP/1.1 for the CLI and {@code --join}: tries the endpoints in
 * order and moves on from one that cannot be reached or answers 503 (any member forwards changes to the
 * leader, so any reachable one will do).
 */
public final class MembersHttp {

  /** An answer: its status and body; status 0 when no endpoint answered (then {@code body} says why). */
  public record Answer(int status, String body) {
    public boolean ok() {
      return status == 200;
    }
  }

  private final List<String> endpoints;
  private final Duration timeout;
  private final HttpClient client;

  public MembersHttp(List<String> endpoints, Duration timeout) {
    this.endpoints = List.copyOf(endpoints);
    this.timeout = timeout;
    this.client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(2)).build();
  }

  /** Sends {@code method path} with an optional JSON body and {@code If-Match} (null for none). */
  public Answer send(String method, String path, String json, Long ifMatch) throws InterruptedException {
    Answer last = new Answer(0, "no endpoint given");
    for (String endpoint : endpoints) {
      String base = endpoint.endsWith("/") ? endpoint.substring(0, endpoint.length() - 1) : endpoint;
      HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(timeout)
          .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
      if (json != null) {
        b.header("Content-Type", "application/json");
      }
      if (ifMatch != null) {
        b.header("If-Match", "\"" + ifMatch + "\"");
      }
      try {
        HttpResponse<String> r = client.send(b.build(), HttpResponse.BodyHandlers.ofString());
        last = new Answer(r.statusCode(), r.body());
        if (r.statusCode() != 503) {
          return last;
        }
      } catch (IOException | IllegalArgumentException e) {
        last = new Answer(0, endpoint + ": " + e.getMessage());
      }
    }
    return last;
  }
}
