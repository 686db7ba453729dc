package io.raftkv.chaos.cluster;

import io.raftkv.api.ApiJson;
import io.raftkv.api.ApiJsonException;
import io.raftkv.api.ErrorKind;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;

/**
 * Control-plane HTTP calls the rig makes to one node ({@code /health}, {@code /v1/cluster}), each
 * bounded by a short timeout so a paused or cut-off node costs at most that long.
 */
public final class NodeHttp {

  private static final Duration TIMEOUT = Duration.ofMillis(800);

  private final HttpClient http;

  public NodeHttp(HttpClient http) {
    this.http = http;
  }

  /** The leader id this node reports, if it answers and knows one. */
  public Optional<String> leaderSeenBy(URI base) {
    try {
      HttpResponse<String> r = get(base.resolve("/v1/cluster"));
      if (r.statusCode() != 200) {
        return Optional.empty();
      }
      return ApiJson.readClusterStatus(ApiJson.readTree(r.body().getBytes(StandardCharsets.UTF_8), ErrorKind.INTERNAL))
          .leader();
    } catch (IOException | ApiJsonException e) {
      return Optional.empty();
    }
  }

  /** True when {@code GET /health} answers 200: the node sees a leader and has applied all it knows committed. */
  public boolean healthy(URI base) {
    try {
      return get(base.resolve("/health")).statusCode() == 200;
    } catch (IOException e) {
      return false;
    }
  }

  /** The raw {@code GET /v1/cluster} body, for reports; empty when the node does not answer. */
  public String clusterStatus(URI base) {
    try {
      return get(base.resolve("/v1/cluster")).body();
    } catch (IOException e) {
      return "";
    }
  }

  private HttpResponse<String> get(URI uri) throws IOException {
    try {
      return http.send(HttpRequest.newBuilder(uri).timeout(TIMEOUT).GET().build(), HttpResponse.BodyHandlers.ofString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
  }
}
