package io.raftkv.kv.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.raftkv.api.ApiJson;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The dashboard at {@code /ui}: the static files of {@code resources/io/raftkv/kv/http/ui} (HTML, CSS and
 * JavaScript modules, no CDN, nothing fetched at run time) and {@code /ui/config.json}. Served as
 * {@link Router.Route}s, so they pass through {@link Router#dispatch} like every other path.
 *
 * <p>Owns nothing mutable: every file is read once at start (a few tens of KiB) and each request gets a
 * fresh response around the same bytes. A file missing from the jar fails the server's start, not a request.
 */
final class DashboardRoutes {

  static final String RESOURCE_DIR = "ui/";
  /** Every file of the page, by name under {@code /ui/}. */
  static final List<String> FILES = List.of("index.html", "dashboard.css", "app.js", "events.js",
      "members.js", "network.js", "timeline.js", "charts.js", "keys.js", "controls.js", "util.js");
  private static final Map<String, String> TYPES = Map.of("html", "text/html; charset=utf-8",
      "css", "text/css; charset=utf-8", "js", "text/javascript; charset=utf-8");

  private DashboardRoutes() {}

  /** The page's routes; {@code local} (null outside {@code raftkv local}) only decides config.json. */
  static List<Router.Route> routes(LocalMode local) {
    List<Router.Route> routes = new ArrayList<>();
    byte[] index = load("index.html");
    routes.add(get("/ui", () -> file("index.html", index)));
    routes.add(get("/ui/", () -> file("index.html", index)));
    for (String name : FILES) {
      byte[] bytes = load(name);
      routes.add(get("/ui/" + name, () -> file(name, bytes)));
    }
    ObjectNode config = ApiJson.MAPPER.createObjectNode();
    config.put("localControl", local == null ? null : local.controlUrl());
    routes.add(get("/ui/config.json", () -> noCache(Responses.ok(config))));
    return routes;
  }

  private interface Response {
    FullHttpResponse make();
  }

  private static Router.Route get(String path, Response response) {
    return new Router.Route(HttpMethod.GET, path,
        req -> CompletableFuture.completedFuture(Reply.full(response.make())));
  }

  private static FullHttpResponse file(String name, byte[] bytes) {
    FullHttpResponse r = Responses.raw(HttpResponseStatus.OK, bytes);
    r.headers().set(HttpHeaderNames.CONTENT_TYPE, TYPES.get(name.substring(name.lastIndexOf('.') + 1)));
    r.headers().set("X-Content-Type-Options", "nosniff");
    return noCache(r);
  }

  /** The page must follow the jar: a node upgraded in place serves its own files, not a cached old set. */
  private static FullHttpResponse noCache(FullHttpResponse r) {
    r.headers().set(HttpHeaderNames.CACHE_CONTROL, "no-cache");
    return r;
  }

  private static byte[] load(String name) {
    try (InputStream in = DashboardRoutes.class.getResourceAsStream(RESOURCE_DIR + name)) {
      if (in == null) {
        throw new IllegalStateException("dashboard file " + name + " is missing from the jar");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
