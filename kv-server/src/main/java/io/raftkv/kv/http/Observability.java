package io.raftkv.kv.http;

import io.raftkv.kv.api.NodeEventFeed;
import java.util.List;
import java.util.Objects;

/**
 * What the HTTP server exposes about the node besides the API: the checks of {@code /livez} and {@code
 * /readyz}, the {@code /metrics} renderer and the request observer. {@link #NONE} keeps the server as it
 * was (those paths are 404).
 *
 * @param livez checks that the node's own threads make progress (failure means "restart me")
 * @param readyz checks that the node can serve linearizable traffic now (failure means "send elsewhere")
 * @param metrics the {@code /metrics} renderer, or null for none
 * @param http told about every answered request
 * @param events the live event feed of {@code GET /v1/events}, or null for none (then that path is 404)
 */
public record Observability(List<HealthCheck> livez, List<HealthCheck> readyz, MetricsSource metrics,
    HttpObserver http, NodeEventFeed events) {

  public static final Observability NONE = new Observability(List.of(), List.of(), null, HttpObserver.NONE);

  /** Without a live event feed. */
  public Observability(List<HealthCheck> livez, List<HealthCheck> readyz, MetricsSource metrics, HttpObserver http) {
    this(livez, readyz, metrics, http, null);
  }

  /** The same with {@code feed} serving {@code GET /v1/events}. */
  public Observability withEvents(NodeEventFeed feed) {
    return new Observability(livez, readyz, metrics, http, feed);
  }

  public Observability {
    livez = List.copyOf(livez);
    readyz = List.copyOf(readyz);
    Objects.requireNonNull(http, "http");
  }

  boolean enabled() {
    return metrics != null || !livez.isEmpty() || !readyz.isEmpty();
  }
}
