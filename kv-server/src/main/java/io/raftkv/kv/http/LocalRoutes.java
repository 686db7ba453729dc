package io.raftkv.kv.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.handler.codec.http.HttpMethod;
import io.raftkv.api.ApiJson;
import io.raftkv.api.ErrorKind;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * {@code POST /v1/local/isolation {"isolated": true|false}}: flips a {@code raftkv local} node's
 * {@link LocalMode.Isolation} switch and answers {@code {"isolated": bool}}. Exists only with a
 * {@link LocalMode}; without one the path is not routed at all (404).
 */
final class LocalRoutes {

  static final String ISOLATION_PATH = "/v1/local/isolation";

  private LocalRoutes() {}

  static List<Router.Route> routes(LocalMode local) {
    if (local == null) {
      return List.of();
    }
    return List.of(new Router.Route(HttpMethod.POST, ISOLATION_PATH, req -> {
      boolean on = parse(req.body());
      local.isolation().setIsolated(on);
      ObjectNode body = ApiJson.MAPPER.createObjectNode();
      body.put("isolated", local.isolation().isolated());
      return CompletableFuture.completedFuture(Reply.full(Responses.ok(body)));
    }));
  }

  private static boolean parse(byte[] body) {
    JsonNode node;
    try {
      node = ApiJson.MAPPER.readTree(body);
    } catch (IOException e) {
      throw new ApiException(ErrorKind.BAD_JSON, "body must be {\"isolated\": true|false}: " + e.getMessage());
    }
    if (node == null || !node.isObject() || node.size() != 1 || !node.path("isolated").isBoolean()) {
      throw new ApiException(ErrorKind.BAD_JSON, "body must be {\"isolated\": true|false}");
    }
    return node.get("isolated").booleanValue();
  }
}
