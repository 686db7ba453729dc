package io.raftkv.kv.http;

import io.netty.handler.codec.http.FullHttpResponse;
import io.raftkv.api.ApiJson;
import io.raftkv.api.ApiJsonException;
import io.raftkv.api.CompactResult;
import io.raftkv.api.ErrorKind;
import io.raftkv.kv.KvCommand;
import io.raftkv.kv.api.KvService;
import java.util.concurrent.CompletableFuture;

/**
 * {@code POST /v1/compact {"revision": R}}: proposes a compaction, which every replica applies at the same
 * point of the log, so all of them forget the same history. A revision above the current one is refused by
 * the service (400 {@code future_revision}) before anything is proposed.
 */
final class CompactEndpoint {

  private final KvService service;

  CompactEndpoint(KvService service) {
    this.service = service;
  }

  CompletableFuture<FullHttpResponse> post(ApiRequest req) {
    long revision;
    try {
      revision = ApiJson.readCompactRequest(req.body());
    } catch (ApiJsonException e) {
      throw new ApiException(e.kind(), e.getMessage());
    }
    return service.write(new KvCommand.Compact(revision)).thenApply(r -> r instanceof CompactResult c
        ? Responses.ok(ApiJson.compactResultJson(c))
        : Responses.error(ErrorKind.INTERNAL, "unexpected result " + r));
  }
}
