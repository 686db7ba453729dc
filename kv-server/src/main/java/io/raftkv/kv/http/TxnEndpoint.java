package io.raftkv.kv.http;

import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.raftkv.kv.KvCommand;
import io.raftkv.kv.TxnResult;
import io.raftkv.kv.api.KvService;
import java.util.concurrent.CompletableFuture;

/** {@code POST /v1/txn}: one atomic compare-then-branch transaction, JSON in and out ({@link TxnJson}). */
final class TxnEndpoint {

  private final KvService service;
  private final HttpServerConfig config;

  TxnEndpoint(KvService service, HttpServerConfig config) {
    this.service = service;
    this.config = config;
  }

  CompletableFuture<FullHttpResponse> post(ApiRequest req) {
    KvCommand.Txn txn = TxnJson.parse(req.body(), config.limits());
    return service.write(txn).thenApply(r -> {
      if (r instanceof TxnResult t) {
        return Responses.json(HttpResponseStatus.OK, TxnJson.render(t));
      }
      return Responses.error(HttpResponseStatus.INTERNAL_SERVER_ERROR, "internal", "unexpected result " + r);
    });
  }
}
