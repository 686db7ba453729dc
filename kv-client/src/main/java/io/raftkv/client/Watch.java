package io.raftkv.client;

import com.fasterxml.jackson.databind.JsonNode;
import io.raftkv.api.ApiError;
import io.raftkv.api.ApiJson;
import io.raftkv.api.ErrorKind;
import io.raftkv.api.KeyRange;
import io.raftkv.api.WatchResponse;
import io.raftkv.client.http.Endpoint;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

/**
 * A watch that survives node failures: reads one node's NDJSON stream ({@code GET /v1/watch}) and, when
 * the node goes away or ends the stream with {@code no_leader}, resumes on the next endpoint from the
 * revision after the last one seen, so the listener sees every revision once, in order. Only a compacted
 * resume point ends it for good ({@link Listener#onEnd} with the server's error).
 *
 * <p>Owns one daemon thread and the HTTP stream it reads; {@link #close} stops both. The cursor
 * ({@code nextRevision}) is written only by that thread.
 */
public final class Watch implements AutoCloseable {

  /** Receives a watch's messages on the watch's thread, one at a time. */
  public interface Listener {
    /** Every event of one revision, in revision order, each revision once. */
    void onEvents(WatchResponse response);

    /** A bookmark: nothing in the range changed up to {@code revision}. */
    default void onProgress(long revision) {}

    /** The watch ended for good: the resume point was compacted ({@code error}), or it was closed (null). */
    default void onEnd(ApiError error) {}
  }

  private static final Duration RETRY_PAUSE = Duration.ofMillis(200);

  private final List<Endpoint> endpoints;
  private final KeyRange keys;
  private final boolean prevKv;
  private final Listener listener;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private final Thread thread;
  private volatile boolean closed;
  private volatile InputStream body;
  private long nextRevision;

  Watch(List<Endpoint> endpoints, KeyRange keys, long fromRevision, boolean prevKv, Listener listener) {
    this.endpoints = List.copyOf(endpoints);
    this.keys = keys;
    this.nextRevision = fromRevision;
    this.prevKv = prevKv;
    this.listener = listener;
    this.thread = new Thread(this::run, "raftkv-watch");
    thread.setDaemon(true);
  }

  Watch start() {
    thread.start();
    return this;
  }

  private void run() {
    ApiError end = null;
    int attempt = 0;
    while (!closed && end == null) {
      Endpoint endpoint = endpoints.get(attempt++ % endpoints.size());
      try {
        end = follow(endpoint);
      } catch (IOException | RuntimeException e) {
        // The node went away or sent garbage: try the next one from the same revision.
      } catch (InterruptedException e) {
        break;
      }
      if (!closed && end == null) {
        try {
          Thread.sleep(RETRY_PAUSE.toMillis());
        } catch (InterruptedException e) {
          break;
        }
      }
    }
    listener.onEnd(end);
  }

  /** Reads one node's stream; returns a final error, or null to move to the next node. */
  private ApiError follow(Endpoint endpoint) throws IOException, InterruptedException {
    HttpRequest request = HttpRequest.newBuilder(URI.create("http://" + endpoint.authority() + path()))
        .header("Accept", "application/x-ndjson").GET().build();
    HttpResponse<InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
    body = response.body();
    try (BufferedReader lines = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
      if (response.statusCode() != 200) {
        ApiError error = ApiJson.readError(lines.lines().reduce("", String::concat).getBytes(StandardCharsets.UTF_8));
        return error != null && error.kind().filter(k -> k == ErrorKind.COMPACTED).isPresent() ? error : null;
      }
      String line;
      while (!closed && (line = lines.readLine()) != null) {
        JsonNode node = ApiJson.MAPPER.readTree(line);
        if (node.has("error")) {
          ApiError error = ApiJson.readError(line.getBytes(StandardCharsets.UTF_8));
          return error.kind().filter(k -> k == ErrorKind.COMPACTED).isPresent() ? error : null;
        }
        WatchResponse r = ApiJson.readWatchResponse(node);
        nextRevision = Math.max(nextRevision, r.revision() + 1);
        if (r.progress()) {
          listener.onProgress(r.revision());
        } else {
          listener.onEvents(r);
        }
      }
    }
    return null;
  }

  private String path() {
    StringBuilder p = new StringBuilder("/v1/watch?");
    switch (keys.kind()) {
      case KEY -> p.append("key=").append(KeyPaths.encode(keys.start(), false));
      case PREFIX -> p.append("prefix=").append(KeyPaths.encode(keys.start(), false));
      case INTERVAL -> {
        p.append("start=").append(KeyPaths.encode(keys.start(), false));
        if (keys.end() != null) {
          p.append("&end=").append(KeyPaths.encode(keys.end(), false));
        }
      }
    }
    if (nextRevision > 0) {
      p.append("&startRevision=").append(nextRevision);
    }
    if (prevKv) {
      p.append("&prevKv=true");
    }
    return p.toString();
  }

  /** The revision the watch would resume from (the one after the last seen). */
  public long nextRevision() {
    return nextRevision;
  }

  @Override
  public void close() {
    closed = true;
    InputStream b = body;
    if (b != null) {
      try {
        b.close();
      } catch (IOException ignored) {
        // Closing only unblocks the reader.
      }
    }
    thread.interrupt();
  }
}
