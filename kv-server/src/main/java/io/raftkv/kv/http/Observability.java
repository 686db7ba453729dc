package io.raftkv.kv.http;

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
 */
public record Observability(List<HealthCheck> livez, List<HealthCheck> readyz, MetricsSource metrics,
    HttpObserver http) {

  public static final Observability NONE = new Observability(List.of(), List.of(), null, HttpObserver.NONE);

  public Observability {
    livez = List.copyOf(livez);
    readyz = List.copyOf(readyz);
    Objects.requireNonNull(http, "http");
  }

  boolean enabled() {
    return metrics != null || !livez.isEmpty() || !readyz.isEmpty();
  }
}
