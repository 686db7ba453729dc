package io.raftkv.kv.http;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * {@code GET /livez}, {@code GET /readyz} (Kubernetes' probe format, which etcd follows) and {@code GET
 * /metrics}. A probe runs its checks concurrently and answers 200 {@code ok} when all pass, else 503 listing
 * every check; {@code ?verbose} lists them also on success; {@code ?exclude=NAME} (repeatable) skips a
 * check, and an unknown name is reported as a warning line, as Kubernetes does, rather than failing the probe.
 *
 * <p>Bodies are {@code text/plain}: probes are read by kubelets and people, not by API clients, so a failed
 * probe is a probe result, not an API error in the JSON error format.
 */
final class ProbeEndpoint {

  private final Observability observability;
  private final Executor executor;

  ProbeEndpoint(Observability observability, Executor executor) {
    this.observability = observability;
    this.executor = executor;
  }

  CompletableFuture<FullHttpResponse> livez(ApiRequest req) {
    return probe("livez", observability.livez(), req);
  }

  CompletableFuture<FullHttpResponse> readyz(ApiRequest req) {
    return probe("readyz", observability.readyz(), req);
  }

  CompletableFuture<FullHttpResponse> metrics(ApiRequest req) {
    MetricsSource source = observability.metrics();
    String accept = req.headers().get(HttpHeaderNames.ACCEPT);
    return CompletableFuture.supplyAsync(() -> {
      MetricsSource.Exposition e = source.scrape(accept);
      return response(HttpResponseStatus.OK, e.contentType(), e.body());
    }, executor);
  }

  private CompletableFuture<FullHttpResponse> probe(String probe, List<HealthCheck> checks, ApiRequest req) {
    boolean verbose = req.query().containsKey("verbose");
    Set<String> excluded = new TreeSet<>(req.query().getOrDefault("exclude", List.of()));
    List<HealthCheck> run = new ArrayList<>();
    List<CompletableFuture<String>> results = new ArrayList<>();
    for (HealthCheck c : checks) {
      if (excluded.remove(c.name())) {
        continue;
      }
      run.add(c);
      CompletableFuture<String> f;
      try {
        f = c.run();
      } catch (RuntimeException e) {
        f = CompletableFuture.completedFuture("check threw " + e);
      }
      results.add(f.exceptionally(e -> "check failed with " + e));
    }
    return CompletableFuture.allOf(results.toArray(CompletableFuture[]::new)).thenApply(ignored -> {
      StringBuilder body = new StringBuilder();
      boolean ok = true;
      for (int i = 0; i < run.size(); i++) {
        String reason = results.get(i).join();
        ok &= reason == null;
        body.append(reason == null ? "[+]" + run.get(i).name() + " ok"
            : "[-]" + run.get(i).name() + " failed: " + reason).append('\n');
      }
      for (String unknown : excluded) {
        body.append("warn: some checks cannot be excluded: no matches for \"").append(unknown).append("\"\n");
      }
      body.append(probe).append(ok ? " check passed" : " check failed").append('\n');
      String text = ok && !verbose ? "ok" : body.toString();
      return response(ok ? HttpResponseStatus.OK : HttpResponseStatus.SERVICE_UNAVAILABLE,
          "text/plain; charset=utf-8", text.getBytes(StandardCharsets.UTF_8));
    });
  }

  private static FullHttpResponse response(HttpResponseStatus status, String contentType, byte[] body) {
    FullHttpResponse response =
        new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, Unpooled.wrappedBuffer(body));
    response.headers().set(HttpHeaderNames.CONTENT_TYPE, contentType);
    response.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, body.length);
    response.headers().set(HttpHeaderNames.CACHE_CONTROL, HttpHeaderValues.NO_CACHE);
    return response;
  }
}
