package io.raftkv.kv.http;

import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.raftkv.api.ErrorKind;
import io.raftkv.kv.api.KvService;
import io.raftkv.kv.api.MembershipService;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Function;

/**
 * Maps method and path to an endpoint. Unknown paths are 404, known paths with another method 405 with an
 * {@code Allow} header. Shared by every connection; holds no per-request state.
 *
 * <p>{@link #dispatch} is the one entry for every request, full or streamed, so a later auth check goes
 * there. Besides the fixed API table it serves {@link Route}s given at construction, which may answer
 * with a streamed {@link Reply}; production wiring passes none today (watch will be the first).
 */
final class Router {

  static final String KEY_PREFIX = "/v1/kv/";

  /**
   * A route beyond the fixed table: {@code method} and exact {@code path}. A handler that completes its
   * future after the request timed out ({@code complete} returns false) must discard its reply itself.
   */
  record Route(HttpMethod method, String path, Function<ApiRequest, CompletableFuture<Reply>> handler) {}

  private final KeyEndpoint keys;
  private final TxnEndpoint txn;
  private final CompactEndpoint compact;
  private final WatchEndpoint watch;
  private final StatusEndpoint status;
  private final SnapshotEndpoint snapshot;
  private final List<Route> routes;
  /** Null when the service does not implement {@link MembershipService} (then those paths are 404). */
  private final MembersEndpoint members;
  private final Observability observability;
  private final ProbeEndpoint probes;
  /** Null without a live event feed (then {@code /v1/events} is 404). */
  private final EventsEndpoint events;
  /** Serves only {@code /metrics}, {@code /livez} and {@code /readyz} (the {@code --metrics-listen} port). */
  private final boolean probesOnly;

  Router(KvService service, HttpServerConfig config, Executor statusExecutor) {
    this(service, config, statusExecutor, List.of());
  }

  /** With {@code routes}, consulted before the fixed table. */
  Router(KvService service, HttpServerConfig config, Executor statusExecutor, List<Route> routes) {
    this(service, config, statusExecutor, routes, Observability.NONE, false);
  }

  /** With {@code observability}'s probes and metrics; with {@code probesOnly}, nothing else. */
  Router(KvService service, HttpServerConfig config, Executor statusExecutor, List<Route> routes,
      Observability observability, boolean probesOnly) {
    this.keys = new KeyEndpoint(service, config);
    this.txn = new TxnEndpoint(service, config);
    this.compact = new CompactEndpoint(service);
    this.watch = new WatchEndpoint(service, WatchEndpoint.DEFAULT_PROGRESS_INTERVAL,
        WatchEndpoint.DEFAULT_NO_LEADER_LIMIT);
    this.status = new StatusEndpoint(service, statusExecutor);
    this.snapshot = new SnapshotEndpoint(service);
    this.routes = List.copyOf(routes);
    this.members = service instanceof MembershipService m
        ? new MembersEndpoint(m, statusExecutor, new LeaderForwarder(config.requestTimeout())) : null;
    this.observability = observability;
    this.probes = new ProbeEndpoint(observability, statusExecutor);
    this.probesOnly = probesOnly;
    this.events = observability.events() == null || probesOnly ? null
        : new EventsEndpoint(observability.events());
  }

  HttpObserver observer() {
    return observability.http();
  }

  /**
   * The bounded name of the route {@code path} belongs to, for request metrics: never the path itself, which
   * carries keys.
   */
  static String routeName(String path) {
    if (path.startsWith(KEY_PREFIX)) {
      return "kv_key";
    }
    return switch (path) {
      case "/v1/kv" -> "kv_range";
      case "/v1/txn" -> "txn";
      case "/v1/cluster" -> "cluster";
      case "/health" -> "health";
      case "/livez" -> "livez";
      case "/readyz" -> "readyz";
      case "/metrics" -> "metrics";
      case "/v1/watch" -> "watch";
      case "/v1/watch/progress" -> "watch_progress";
      case "/v1/compact" -> "compact";
      case "/v1/snapshot" -> "snapshot";
      case "/v1/leader/transfer" -> "leader_transfer";
      case EventsEndpoint.PATH -> "events";
      default -> path.equals("/v1/members") || path.startsWith("/v1/members/") ? "members" : "other";
    };
  }

  /** Handles {@code req}; throws {@link ApiException} for requests refused before any work. */
  CompletableFuture<Reply> dispatch(ApiRequest req) {
    if (probesOnly) {
      return route(req).thenApply(Reply::full); // the metrics port: probes and /metrics, nothing streamed
    }
    for (Route r : routes) {
      if (r.path().equals(req.rawPath())) {
        return r.method().equals(req.method()) ? r.handler().apply(req)
            : notAllowed(r.method().name()).thenApply(Reply::full);
      }
    }
    if (req.rawPath().equals(SnapshotEndpoint.PATH)) {
      return req.method().equals(HttpMethod.GET) ? snapshot.get(req) : notAllowed("GET").thenApply(Reply::full);
    }
    if (req.rawPath().equals("/v1/watch/progress")) {
      return req.method().equals(HttpMethod.POST) ? watch.progress(req) : notAllowed("POST").thenApply(Reply::full);
    }
    if (req.rawPath().equals("/v1/watch")) {
      return req.method().equals(HttpMethod.GET) ? watch.get(req) : notAllowed("GET").thenApply(Reply::full);
    }
    if (events != null && req.rawPath().equals(EventsEndpoint.PATH)) {
      return req.method().equals(HttpMethod.GET) ? events.get(req) : notAllowed("GET").thenApply(Reply::full);
    }
    CompletableFuture<FullHttpResponse> answer = route(req);
    if (req.method().equals(HttpMethod.GET) && CORS_READABLE.contains(req.rawPath())) {
      answer = answer.thenApply(Router::allowAnyOrigin);
    }
    return answer.thenApply(Reply::full);
  }

  /**
   * Read-only paths any origin may read, with {@code /v1/events}: the dashboard opens one event stream per
   * member, each on its own origin, and lists the members from whichever it reached first.
   */
  private static final java.util.Set<String> CORS_READABLE = java.util.Set.of("/v1/members", "/v1/cluster");

  private static FullHttpResponse allowAnyOrigin(FullHttpResponse response) {
    response.headers().set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_ORIGIN, "*");
    return response;
  }

  /** Stops the watch and event tickers; open streams end with the server's connections. */
  void close() {
    watch.close();
    if (events != null) {
      events.close();
    }
  }

  /** The fixed API table. */
  CompletableFuture<FullHttpResponse> route(ApiRequest req) {
    String path = req.rawPath();
    HttpMethod method = req.method();
    if (observability.enabled()) {
      CompletableFuture<FullHttpResponse> probe = probe(req);
      if (probe != null) {
        return probe;
      }
    }
    if (probesOnly) {
      return done(Responses.error(ErrorKind.NOT_FOUND, "no such endpoint on the metrics port: " + path));
    }
    if (path.startsWith(KEY_PREFIX)) {
      String key = PathKeys.decodeKey(path.substring(KEY_PREFIX.length()));
      if (method.equals(HttpMethod.GET)) {
        return keys.get(req, key);
      } else if (method.equals(HttpMethod.PUT)) {
        return keys.put(req, key);
      } else if (method.equals(HttpMethod.DELETE)) {
        return keys.delete(req, key);
      }
      return notAllowed("GET, PUT, DELETE");
    }
    if (members != null && MembersEndpoint.owns(path)) {
      return members.route(req);
    }
    switch (path) {
      case "/v1/kv":
        return method.equals(HttpMethod.GET) ? keys.range(req)
            : method.equals(HttpMethod.DELETE) ? keys.deleteRange(req) : notAllowed("GET, DELETE");
      case "/v1/compact":
        return method.equals(HttpMethod.POST) ? compact.post(req) : notAllowed("POST");
      case "/v1/txn":
        return method.equals(HttpMethod.POST) ? txn.post(req) : notAllowed("POST");
      case "/v1/cluster":
        return method.equals(HttpMethod.GET) ? status.cluster() : notAllowed("GET");
      case "/health":
        return method.equals(HttpMethod.GET) ? status.health() : notAllowed("GET");
      default:
        return done(Responses.error(ErrorKind.NOT_FOUND, "no such endpoint: " + path));
    }
  }

  /** {@code /metrics}, {@code /livez}, {@code /readyz}, or null for any other path. */
  private CompletableFuture<FullHttpResponse> probe(ApiRequest req) {
    boolean get = req.method().equals(HttpMethod.GET);
    switch (req.rawPath()) {
      case "/livez":
        return get ? probes.livez(req) : notAllowed("GET");
      case "/readyz":
        return get ? probes.readyz(req) : notAllowed("GET");
      case "/metrics":
        if (observability.metrics() == null) {
          return null;
        }
        return get ? probes.metrics(req) : notAllowed("GET");
      default:
        return null;
    }
  }

  private static CompletableFuture<FullHttpResponse> notAllowed(String allow) {
    FullHttpResponse response = Responses.error(ErrorKind.METHOD_NOT_ALLOWED,
        "allowed methods: " + allow);
    response.headers().set(HttpHeaderNames.ALLOW, allow);
    return done(response);
  }

  private static CompletableFuture<FullHttpResponse> done(FullHttpResponse response) {
    return CompletableFuture.completedFuture(response);
  }
}
