package io.raftkv.chaos.workload;

import io.raftkv.api.ApiJson;
import io.raftkv.api.TxnRequest;
import io.raftkv.chaos.cluster.LabCluster;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.function.Function;
import java.util.random.RandomGenerator;

/**
 * The workloads' view of the RaftKV HTTP API (docs/API.md), built on the JDK's HttpClient so
 * that the checker's input does not depend on the project's own client library.
 *
 * <p>Every attempt has its own timeout. {@link #send} tries random nodes, moving on only after an
 * answer that proves the request was not applied (never connected, or 503), so a write is never
 * sent twice after it may have taken effect.
 */
public final class KvHttp {

  /** Attempts per operation before giving up with the last definite failure. */
  private static final int MAX_ATTEMPTS = 3;

  private final List<String> nodes;
  private final Function<String, URI> urls;
  private final HttpClient http;
  private final Duration timeout;

  /**
   * @param nodes the node names requests may go to
   * @param urls each node's API base URL
   * @param timeout the limit of one attempt, from sending to the full response
   */
  public KvHttp(List<String> nodes, Function<String, URI> urls, HttpClient http, Duration timeout) {
    this.nodes = List.copyOf(nodes);
    this.urls = urls;
    this.http = http;
    this.timeout = timeout;
  }

  public KvHttp(LabCluster cluster, Duration timeout) {
    this(cluster.nodeNames(), cluster::url, cluster.http(), timeout);
  }

  /** One request shape, independent of the node it goes to. */
  public record Request(String method, String pathAndQuery, Map<String, String> headers, byte[] body) {

    public static Request get(String key, boolean serializable) {
      return new Request("GET", keyPath(key) + (serializable ? "?consistency=serializable" : ""), Map.of(), null);
    }

    /** PUT with an optional precondition: {@code ifMatch} a modRevision, or {@code ifAbsent}. */
    public static Request put(String key, String value, OptionalLong ifMatch, boolean ifAbsent) {
      Map<String, String> h = ifMatch.isPresent() ? Map.of("If-Match", "\"" + ifMatch.getAsLong() + "\"")
          : ifAbsent ? Map.of("If-None-Match", "*") : Map.of();
      return new Request("PUT", keyPath(key), h, value.getBytes(StandardCharsets.UTF_8));
    }

    /** {@code POST /v1/txn}, the body written by kv-api's codec. */
    public static Request txn(TxnRequest txn) {
      return new Request("POST", "/v1/txn", Map.of("Content-Type", "application/json"),
          ApiJson.toBytes(ApiJson.txnRequestJson(txn)));
    }

    private static String keyPath(String key) {
      return "/v1/kv/" + URLEncoder.encode(key, StandardCharsets.UTF_8).replace("+", "%20");
    }
  }

  /**
   * Sends {@code request} to random nodes until one answers with anything but a provable
   * not-applied failure, at most {@link #MAX_ATTEMPTS} times; returns the last answer.
   */
  public Answer send(Request request, RandomGenerator random) {
    List<String> untried = new ArrayList<>(nodes);
    Answer last = null;
    for (int attempt = 0; attempt < MAX_ATTEMPTS && !untried.isEmpty(); attempt++) {
      String node = untried.remove(random.nextInt(untried.size()));
      last = sendTo(node, request);
      boolean retryable = last.failure() == Answer.Failure.NOT_SENT || (last.responded() && last.status() == 503);
      if (!retryable) {
        return last;
      }
    }
    return last;
  }

  /** One attempt at one node. */
  public Answer sendTo(String node, Request request) {
    URI uri = URI.create(urls.apply(node) + request.pathAndQuery());
    HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(timeout);
    request.headers().forEach(b::header);
    b.method(request.method(), request.body() == null ? HttpRequest.BodyPublishers.noBody()
        : HttpRequest.BodyPublishers.ofByteArray(request.body()));
    try {
      HttpResponse<byte[]> r = http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
      return new Answer(r.statusCode(), r.body(), etag(r), null, node);
    } catch (HttpConnectTimeoutException | ConnectException e) {
      return new Answer(0, new byte[0], OptionalLong.empty(), Answer.Failure.NOT_SENT, node);
    } catch (HttpTimeoutException e) {
      return new Answer(0, new byte[0], OptionalLong.empty(), Answer.Failure.TIMEOUT, node);
    } catch (IOException e) {
      // The JDK wraps a refused connect in a plain IOException whose cause is ConnectException.
      Answer.Failure f = e.getCause() instanceof ConnectException ? Answer.Failure.NOT_SENT : Answer.Failure.BROKEN;
      return new Answer(0, new byte[0], OptionalLong.empty(), f, node);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Answer(0, new byte[0], OptionalLong.empty(), Answer.Failure.BROKEN, node);
    }
  }

  private static OptionalLong etag(HttpResponse<?> r) {
    return r.headers().firstValue("ETag").map(KvHttp::parseEtag).orElse(OptionalLong.empty());
  }

  /** {@code "12"} or {@code W/"12"} to 12. */
  static OptionalLong parseEtag(String etag) {
    String t = etag.strip();
    if (t.startsWith("W/")) {
      t = t.substring(2);
    }
    t = t.replace("\"", "");
    try {
      return OptionalLong.of(Long.parseLong(t));
    } catch (NumberFormatException e) {
      return OptionalLong.empty();
    }
  }
}
