package io.raftkv.kv.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.raftkv.kv.KvLimits;
import io.raftkv.kv.KvStateMachine;
import io.raftkv.kv.api.LocalKvService;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@code /livez}, {@code /readyz} and {@code /metrics} through the Router on a real server. */
class ProbeEndpointTest {

  private final HttpClient client = HttpClient.newHttpClient();
  private final List<String> observed = Collections.synchronizedList(new ArrayList<>());
  private final LocalKvService service = new LocalKvService(new KvStateMachine(KvLimits.defaults()));
  private volatile String leaderFailure;
  private KvHttpServer server;

  @AfterEach
  void close() {
    if (server != null) {
      server.close();
    }
    service.close();
  }

  private Observability observability() {
    List<HealthCheck> live = List.of(HealthCheck.of("event_loop", () -> null));
    List<HealthCheck> ready = List.of(HealthCheck.of("leader", () -> leaderFailure),
        new HealthCheck() {
          @Override
          public String name() {
            return "read_index";
          }

          @Override
          public CompletableFuture<String> run() {
            return CompletableFuture.supplyAsync(() -> null);
          }
        });
    MetricsSource metrics = accept -> new MetricsSource.Exposition(
        accept != null && accept.contains("openmetrics") ? "application/openmetrics-text" : "text/plain",
        "x 1\n".getBytes(StandardCharsets.UTF_8));
    return new Observability(live, ready, metrics, (route, method, status, nanos) ->
        observed.add(route + " " + method + " " + status));
  }

  private void start(boolean probesOnly) throws InterruptedException {
    HttpServerConfig config = HttpServerConfig.defaults("127.0.0.1", 0);
    server = probesOnly ? KvHttpServer.startProbes(config, observability())
        : KvHttpServer.start(config, service, observability());
  }

  private HttpResponse<String> get(String path, String... headers) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path));
    if (headers.length > 0) {
      b.headers(headers);
    }
    return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void passingProbesSayOkAndVerboseListsEachCheck() throws Exception {
    start(false);
    HttpResponse<String> r = get("/readyz");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).isEqualTo("ok");
    assertThat(get("/readyz?verbose").body())
        .isEqualTo("[+]leader ok\n[+]read_index ok\nreadyz check passed\n");
    assertThat(get("/livez?verbose").body()).isEqualTo("[+]event_loop ok\nlivez check passed\n");
  }

  @Test
  void aFailedCheckIs503AndNamedWithItsReasonUnlessExcluded() throws Exception {
    start(false);
    leaderFailure = "no leader is known";
    HttpResponse<String> r = get("/readyz");
    assertThat(r.statusCode()).isEqualTo(503);
    assertThat(r.body()).isEqualTo("[-]leader failed: no leader is known\n[+]read_index ok\nreadyz check failed\n");
    HttpResponse<String> excluded = get("/readyz?exclude=leader&verbose");
    assertThat(excluded.statusCode()).isEqualTo(200);
    assertThat(excluded.body()).isEqualTo("[+]read_index ok\nreadyz check passed\n");
    assertThat(get("/readyz?exclude=nosuch&verbose").body())
        .contains("warn: some checks cannot be excluded: no matches for \"nosuch\"");
  }

  @Test
  void metricsAreRenderedByTheSourceInTheFormatAsked() throws Exception {
    start(false);
    HttpResponse<String> r = get("/metrics", "Accept", "application/openmetrics-text; version=1.0.0");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type")).hasValue("application/openmetrics-text");
    assertThat(r.body()).isEqualTo("x 1\n");
    assertThat(get("/metrics").headers().firstValue("Content-Type")).hasValue("text/plain");
  }

  @Test
  void requestsAreObservedByBoundedRouteNameNeverByPath() throws Exception {
    start(false);
    assertThat(get("/v1/kv/secret-key").statusCode()).isEqualTo(404);
    assertThat(get("/no/such/path").statusCode()).isEqualTo(404);
    get("/livez");
    assertThat(observed).containsExactly("kv_key GET 404", "other GET 404", "livez GET 200");
    assertThat(client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/livez"))
        .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString()).statusCode())
        .isEqualTo(405);
  }

  @Test
  void theProbePortServesOnlyProbesAndMetrics() throws Exception {
    start(true);
    assertThat(get("/livez").statusCode()).isEqualTo(200);
    assertThat(get("/metrics").statusCode()).isEqualTo(200);
    HttpResponse<String> api = get("/v1/kv/a");
    assertThat(api.statusCode()).isEqualTo(404);
    assertThat(api.body()).contains("metrics port");
    assertThat(get("/health").statusCode()).isEqualTo(404);
  }

  @Test
  void withoutObservabilityTheProbePathsStay404() throws Exception {
    server = KvHttpServer.start(HttpServerConfig.defaults("127.0.0.1", 0), service);
    assertThat(get("/metrics").statusCode()).isEqualTo(404);
    assertThat(get("/readyz").statusCode()).isEqualTo(404);
  }
}
