package io.raftkv.cli.local;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The control API of {@code raftkv local} on 127.0.0.1 (docs/API.md, "Local mode"): {@code GET /v1/local/nodes}
 * and {@code POST /v1/local/nodes/{id}/kill|restart|pause|resume|isolate|heal}. The dashboard served by the
 * nodes calls it cross-origin, so CORS admits exactly the nodes' own origins; a request from any other
 * origin is refused (403) before it acts, so a web page elsewhere cannot kill local nodes.
 *
 * <p>Owns only the HTTP server; the node processes belong to their {@link NodeProcess}. Errors are the
 * API's JSON error format.
 */
public final class ControlServer implements AutoCloseable {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern ACTION = Pattern.compile("/v1/local/nodes/([^/]+)/([a-z]+)");
  private static final List<String> ACTIONS = List.of("kill", "restart", "pause", "resume", "isolate", "heal");

  private final Map<String, NodeProcess> nodes = new LinkedHashMap<>();
  private final Set<String> origins;
  private final HttpServer server;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private ControlServer(List<NodeProcess> nodes, HttpServer server) {
    nodes.forEach(n -> this.nodes.put(n.id(), n));
    this.origins = nodes.stream()
        .flatMap(n -> List.of("http://127.0.0.1:" + n.clientPort(), "http://localhost:" + n.clientPort()).stream())
        .collect(Collectors.toUnmodifiableSet());
    this.server = server;
  }

  /** Binds 127.0.0.1:{@code port} and serves until {@link #close}. */
  public static ControlServer start(int port, List<NodeProcess> nodes) throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 16);
    ControlServer control = new ControlServer(nodes, server);
    server.createContext("/", control::handle);
    server.setExecutor(Executors.newFixedThreadPool(4, r -> {
      Thread t = new Thread(r, "local-control");
      t.setDaemon(true);
      return t;
    }));
    server.start();
    return control;
  }

  public String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  private void handle(HttpExchange ex) throws IOException {
    try (ex) {
      String origin = ex.getRequestHeaders().getFirst("Origin");
      if (origin != null) {
        if (!origins.contains(origin.toLowerCase(Locale.ROOT))) {
          send(ex, 403, error("forbidden", "origin " + origin + " is not one of the local nodes"));
          return;
        }
        ex.getResponseHeaders().set("Access-Control-Allow-Origin", origin);
        ex.getResponseHeaders().set("Vary", "Origin");
      }
      if (ex.getRequestMethod().equals("OPTIONS")) { // CORS preflight
        ex.getResponseHeaders().set("Access-Control-Allow-Methods", "GET, POST");
        ex.getResponseHeaders().set("Access-Control-Allow-Headers", "Content-Type");
        ex.sendResponseHeaders(204, -1);
        return;
      }
      route(ex);
    } catch (RuntimeException | IOException e) {
      send(ex, 500, error("internal", e.getClass().getSimpleName() + ": " + e.getMessage()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      send(ex, 503, error("unavailable", "interrupted"));
    }
  }

  private void route(HttpExchange ex) throws IOException, InterruptedException {
    String path = ex.getRequestURI().getPath();
    String method = ex.getRequestMethod();
    if (path.equals("/v1/local/nodes")) {
      if (!method.equals("GET")) {
        notAllowed(ex, "GET");
        return;
      }
      send(ex, 200, list());
      return;
    }
    Matcher m = ACTION.matcher(path);
    if (!m.matches() || !ACTIONS.contains(m.group(2))) {
      send(ex, 404, error("not_found", "no such endpoint: " + path));
      return;
    }
    if (!method.equals("POST")) {
      notAllowed(ex, "POST");
      return;
    }
    NodeProcess node = nodes.get(m.group(1));
    if (node == null) {
      send(ex, 404, error("not_found", "no node " + m.group(1) + "; nodes: " + nodes.keySet()));
      return;
    }
    act(ex, node, m.group(2));
  }

  private void act(HttpExchange ex, NodeProcess node, String action) throws IOException, InterruptedException {
    try {
      switch (action) {
        case "kill" -> node.kill();
        case "restart" -> node.restart();
        case "pause" -> node.pause();
        case "resume" -> node.resume();
        default -> {
          if (!isolate(ex, node, action.equals("isolate"))) {
            return;
          }
        }
      }
    } catch (IllegalStateException e) {
      send(ex, 409, error("conflict", e.getMessage()));
      return;
    }
    send(ex, 200, describe(node));
  }

  /** Flips the node's own switch; false when an error answer was sent instead. */
  private boolean isolate(HttpExchange ex, NodeProcess node, boolean on) throws IOException, InterruptedException {
    if (node.state() != NodeProcess.State.RUNNING) {
      send(ex, 409, error("conflict", node.id() + " is " + node.state().name().toLowerCase(Locale.ROOT)
          + "; only a running node can be isolated or healed"));
      return false;
    }
    HttpResponse<String> r;
    try {
      r = http.send(HttpRequest.newBuilder(URI.create(node.clientUrl() + "/v1/local/isolation"))
          .timeout(Duration.ofSeconds(5)).header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString("{\"isolated\":" + on + "}")).build(),
          HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      send(ex, 502, error("unreachable", node.id() + " did not answer: " + e.getMessage()));
      return false;
    }
    if (r.statusCode() != 200) {
      send(ex, 502, error("node_refused", node.id() + " answered " + r.statusCode() + ": " + r.body()));
      return false;
    }
    node.setIsolated(on);
    return true;
  }

  private ObjectNode list() {
    ObjectNode body = JSON.createObjectNode();
    ArrayNode array = body.putArray("nodes");
    nodes.values().forEach(n -> array.add(describe(n)));
    return body;
  }

  private ObjectNode describe(NodeProcess n) {
    ObjectNode o = JSON.createObjectNode();
    o.put("id", n.id());
    o.put("state", n.state().name().toLowerCase(Locale.ROOT));
    long pid = n.pid();
    if (pid > 0) {
      o.put("pid", pid);
    } else {
      o.putNull("pid");
    }
    o.put("clientUrl", n.clientUrl());
    o.put("peerAddress", n.peerAddress());
    o.put("isolated", n.isolated());
    o.put("exitCode", n.exitCode());
    return o;
  }

  private static ObjectNode error(String code, String message) {
    return JSON.createObjectNode().put("error", code).put("message", message);
  }

  private static void notAllowed(HttpExchange ex, String allow) throws IOException {
    ex.getResponseHeaders().set("Allow", allow);
    send(ex, 405, error("method_not_allowed", "allowed methods: " + allow));
  }

  private static void send(HttpExchange ex, int status, ObjectNode body) throws IOException {
    byte[] bytes = JSON.writeValueAsBytes(body);
    ex.getResponseHeaders().set("Content-Type", "application/json");
    ex.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(bytes);
    }
  }

  @Override
  public void close() {
    server.stop(0);
    ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
  }
}
