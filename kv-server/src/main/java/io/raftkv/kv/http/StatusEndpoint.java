package io.raftkv.kv.http;

import io.netty.handler.codec.http.FullHttpResponse;
import io.raftkv.api.ApiJson;
import io.raftkv.api.ErrorKind;
import io.raftkv.kv.api.KvService;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * {@code GET /v1/cluster} (this node's view of the cluster) and {@code GET /health}.
 *
 * <p>{@link KvService#clusterStatus()} and {@link KvService#healthy()} may wait on the Raft event loop, so
 * they run on a small executor of their own, never on a Netty event loop.
 */
final class StatusEndpoint {

  private final KvService service;
  private final Executor executor;

  StatusEndpoint(KvService service, Executor executor) {
    this.service = service;
    this.executor = executor;
  }

  CompletableFuture<FullHttpResponse> cluster() {
    return CompletableFuture.supplyAsync(this::renderCluster, executor);
  }

  CompletableFuture<FullHttpResponse> health() {
    return CompletableFuture.supplyAsync(this::renderHealth, executor);
  }

  private FullHttpResponse renderCluster() {
    return Responses.ok(ApiJson.clusterStatusJson(service.clusterStatus()));
  }

  /** 200 when this node sees a leader and has applied up to its commit index, else 503. */
  private FullHttpResponse renderHealth() {
    if (service.healthy()) {
      return Responses.ok(ApiJson.healthyJson());
    }
    return Responses.error(ErrorKind.UNHEALTHY,
        "no leader is known or this node has not applied up to its commit index");
  }
}
