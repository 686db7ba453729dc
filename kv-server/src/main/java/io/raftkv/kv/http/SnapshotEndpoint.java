package io.raftkv.kv.http;

import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.raftkv.kv.api.KvService;
import io.raftkv.kv.api.SnapshotStream;
import io.raftkv.kv.http.stream.InputStreamSource;
import io.raftkv.kv.http.stream.StreamingResponse;
import java.util.concurrent.CompletableFuture;

/**
 * {@code GET /v1/snapshot[?consistency=serializable]}: streams a consistent snapshot of the state machine
 * (a backup). Headers carry its index (also the ETag) and term; the SHA-256 of the body follows as a
 * trailer, since it is known only once the last byte went out.
 */
final class SnapshotEndpoint {

  static final String PATH = "/v1/snapshot";
  static final String INDEX_HEADER = "X-Raftkv-Snapshot-Index";
  static final String TERM_HEADER = "X-Raftkv-Snapshot-Term";
  static final String SHA256_TRAILER = "X-Raftkv-Snapshot-Sha256";

  private final KvService service;

  SnapshotEndpoint(KvService service) {
    this.service = service;
  }

  CompletableFuture<Reply> get(ApiRequest req) {
    return service.snapshot(Params.consistency(req)).thenApply(SnapshotEndpoint::reply);
  }

  private static Reply reply(SnapshotStream s) {
    HttpHeaders headers = new DefaultHttpHeaders();
    headers.set(HttpHeaderNames.CONTENT_TYPE, "application/octet-stream");
    headers.set(HttpHeaderNames.ETAG, "\"" + s.index() + "\"");
    headers.set(INDEX_HEADER, Long.toString(s.index()));
    headers.set(TERM_HEADER, Long.toString(s.term()));
    headers.set(HttpHeaderNames.TRAILER, SHA256_TRAILER);
    return Reply.streamed(new StreamingResponse(HttpResponseStatus.OK, headers,
        new InputStreamSource(s.body(), SHA256_TRAILER)));
  }
}
