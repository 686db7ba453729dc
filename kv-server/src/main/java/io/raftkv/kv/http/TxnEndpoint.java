package io.raftkv.kv.http;

import io.netty.handler.codec.http.FullHttpResponse;
import io.raftkv.api.ApiJson;
import io.raftkv.api.ApiJsonException;
import io.raftkv.api.ErrorKind;
import io.raftkv.api.TxnRequest;
import io.raftkv.api.TxnResult;
import io.raftkv.kv.KvCommand;
import io.raftkv.kv.KvLimits;
import io.raftkv.kv.api.KvService;
import java.util.concurrent.CompletableFuture;

/**
 * {@code POST /v1/txn}: one atomic compare-then-branch transaction, JSON in and out (kv-api's
 * {@link ApiJson}, strict on the way in).
 */
final class TxnEndpoint {

  private final KvService service;
  private final HttpServerConfig config;

  TxnEndpoint(KvService service, HttpServerConfig config) {
    this.service = service;
    this.config = config;
  }

  CompletableFuture<FullHttpResponse> post(ApiRequest req) {
    KvLimits limits = config.limits();
    TxnRequest txn;
    try {
      txn = ApiJson.readTxnRequest(req.body(), limits.maxValueBytes(), limits.maxTxnOps());
    } catch (ApiJsonException e) {
      throw new ApiException(e.kind(), e.getMessage());
    }
    return service.write(new KvCommand.Txn(txn)).thenApply(r -> {
      if (r instanceof TxnResult t) {
        return Responses.ok(ApiJson.txnResultJson(t));
      }
      return Responses.error(ErrorKind.INTERNAL, "unexpected result " + r);
    });
  }
}
