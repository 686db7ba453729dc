package io.raftkv.kv.http;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.raftkv.kv.api.ClusterStatus;
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
    ClusterStatus s = service.clusterStatus();
    ObjectNode root = Responses.object();
    root.put("clusterId", s.clusterId());
    root.put("nodeId", s.nodeId());
    root.put("leaderId", s.leaderId());
    root.put("term", s.term());
    root.put("commitIndex", s.commitIndex());
    root.put("appliedIndex", s.appliedIndex());
    ArrayNode members = root.putArray("members");
    for (ClusterStatus.Member m : s.members()) {
      ObjectNode node = members.addObject();
      node.put("id", m.id());
      node.put("peerAddress", m.peerAddress());
      node.put("clientUrl", m.clientUrl());
      node.put("role", m.role());
      node.put("matchIndex", m.matchIndex());
      node.put("nextIndex", m.nextIndex());
      node.put("state", m.state());
    }
    return Responses.json(HttpResponseStatus.OK, root);
  }

  /** 200 when this node sees a leader and has applied up to its commit index, else 503. */
  private FullHttpResponse renderHealth() {
    if (service.healthy()) {
      ObjectNode body = Responses.object();
      body.put("status", "ok");
      return Responses.json(HttpResponseStatus.OK, body);
    }
    FullHttpResponse response = Responses.error(HttpResponseStatus.SERVICE_UNAVAILABLE, "unhealthy",
        "no leader is known or this node has not applied up to its commit index");
    response.headers().set(HttpHeaderNames.RETRY_AFTER, Responses.RETRY_AFTER_SECONDS);
    return response;
  }
}
