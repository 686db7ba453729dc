package io.raftkv.kv.http;

import io.raftkv.api.ApiError;
import io.raftkv.api.ApiJson;
import io.raftkv.api.WatchResponse;
import java.nio.charset.StandardCharsets;

/**
 * The two wire forms of a watch stream. Server-Sent Events ({@code text/event-stream}): an event message
 * per revision with {@code id: <revision>} (so a browser's EventSource resumes with {@code Last-Event-ID}),
 * {@code event: progress} bookmarks (with the id of the revision seen up to), and a final
 * {@code event: error}. NDJSON ({@code application/x-ndjson}): one JSON object per line, the same objects.
 */
enum WatchFormat {
  SSE("text/event-stream"), NDJSON("application/x-ndjson");

  private final String contentType;

  WatchFormat(String contentType) {
    this.contentType = contentType;
  }

  String contentType() {
    return contentType;
  }

  /** NDJSON when the client asks for it in {@code Accept}, else SSE. */
  static WatchFormat forAccept(String accept) {
    return accept != null && accept.contains(NDJSON.contentType) ? NDJSON : SSE;
  }

  byte[] response(WatchResponse r) {
    String json = new String(ApiJson.toBytes(ApiJson.watchResponseJson(r)), StandardCharsets.UTF_8);
    if (this == NDJSON) {
      return (json + "\n").getBytes(StandardCharsets.UTF_8);
    }
    String event = r.progress() ? "event: progress\n" : "";
    return ("id: " + r.revision() + "\n" + event + "data: " + json + "\n\n").getBytes(StandardCharsets.UTF_8);
  }

  byte[] error(ApiError e) {
    String json = new String(ApiJson.toBytes(ApiJson.errorJson(e)), StandardCharsets.UTF_8);
    return (this == NDJSON ? json + "\n" : "event: error\ndata: " + json + "\n\n").getBytes(StandardCharsets.UTF_8);
  }
}
