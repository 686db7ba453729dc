package io.raftkv.kv.http;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.raftkv.api.ApiError;
import io.raftkv.api.ErrorKind;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;

/**
 * Sends a membership request that reached a follower on to the leader and relays the answer unchanged.
 * {@value #HOPS} counts the hops, so a request chasing a moving leader stops after {@link #MAX_HOPS}
 * and is answered 503 {@code no_leader} with the last leader's URL instead of looping.
 */
final class LeaderForwarder {

  static final String HOPS = "X-RaftKV-Forwarded";
  static final int MAX_HOPS = 2;

  private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2))
      .version(HttpClient.Version.HTTP_1_1).build();
  private final Duration timeout;

  LeaderForwarder(Duration timeout) {
    this.timeout = timeout;
  }

  boolean mayForward(ApiRequest req) {
    return hops(req) < MAX_HOPS;
  }

  CompletableFuture<FullHttpResponse> forward(ApiRequest req, String leaderUrl) {
    String query = req.query().entrySet().stream()
        .flatMap(e -> e.getValue().stream().map(v -> e.getKey() + "=" + v))
        .collect(Collectors.joining("&"));
    HttpRequest.Builder b;
    try {
      b = HttpRequest.newBuilder(URI.create(stripSlash(leaderUrl) + req.rawPath() + (query.isEmpty() ? "" : "?" + query)))
          .timeout(timeout.plusSeconds(2))
          .header(HOPS, String.valueOf(hops(req) + 1))
          .method(req.method().name(), HttpRequest.BodyPublishers.ofByteArray(req.body()));
    } catch (IllegalArgumentException bad) {
      return CompletableFuture.completedFuture(noLeader(leaderUrl, bad.getMessage()));
    }
    String ifMatch = req.headers().get(HttpHeaderNames.IF_MATCH);
    if (ifMatch != null) {
      b.header("If-Match", ifMatch);
    }
    return client.sendAsync(b.build(), HttpResponse.BodyHandlers.ofByteArray()).handle((r, e) -> {
      if (e != null) {
        return noLeader(leaderUrl, "leader unreachable: " + e.getMessage());
      }
      FullHttpResponse out = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
          HttpResponseStatus.valueOf(r.statusCode()), Unpooled.wrappedBuffer(r.body()));
      for (Map.Entry<String, List<String>> h : r.headers().map().entrySet()) {
        String name = h.getKey();
        if (List.of("content-type", "etag", "retry-after", "allow").contains(name.toLowerCase())) {
          out.headers().set(name, h.getValue());
        }
      }
      out.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, r.body().length);
      return out;
    });
  }

  private static FullHttpResponse noLeader(String leaderUrl, String why) {
    return Responses.error(ApiError.of(ErrorKind.NO_LEADER, why).withLeader(leaderUrl));
  }

  private static int hops(ApiRequest req) {
    try {
      String v = req.headers().get(HOPS);
      return v == null ? 0 : Integer.parseInt(v.trim());
    } catch (NumberFormatException e) {
      return MAX_HOPS;
    }
  }

  private static String stripSlash(String url) {
    return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }
}
