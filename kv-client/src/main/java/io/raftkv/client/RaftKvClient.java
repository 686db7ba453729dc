package io.raftkv.client;

import io.raftkv.api.ApiJson;
import io.raftkv.api.ClusterStatus;
import io.raftkv.api.CompactResult;
import io.raftkv.api.Consistency;
import io.raftkv.api.DeleteRangeResult;
import io.raftkv.api.KeyRange;
import io.raftkv.api.Precondition;
import io.raftkv.api.RangeQuery;
import io.raftkv.api.RangeResult;
import io.raftkv.api.TxnRequest;
import io.raftkv.api.TxnResult;
import io.raftkv.api.WriteResponse;
import io.raftkv.client.http.Endpoint;
import io.raftkv.client.http.EndpointPool;
import io.raftkv.client.http.HttpRequestSpec;
import io.raftkv.client.http.HttpResult;
import io.raftkv.client.http.HttpTransport;
import io.raftkv.client.http.PoolSettings;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.Function;

/**
 * Client of RaftKV's HTTP API (docs/API.md). Requests and answers are kv-api's records, read and written
 * with its codec, so the client and the server cannot disagree on the JSON. Thread-safe; share one instance. Every operation has an
 * asynchronous form ({@code putAsync}, ...) whose future completes on the client's event loop (do not block
 * in its callbacks) and a blocking form that throws the {@link RaftKvException} subclass directly.
 *
 * <p>Failover: see {@link FailoverExecutor}. A write whose outcome is unknown is never resent and fails with
 * {@link OutcomeUnknownException}.
 */
public final class RaftKvClient implements AutoCloseable {

  private static final String OCTET_STREAM = "application/octet-stream";
  private static final String APPLICATION_JSON = "application/json";
  // The headers of an unconditional put, built once: HttpRequestSpec's Map.copyOf keeps an immutable map as is.
  private static final Map<String, String> PUT_HEADERS = Map.of("content-type", OCTET_STREAM);

  private final ClientConfig config;
  private final HttpTransport transport;
  private final FailoverExecutor executor;

  private RaftKvClient(ClientConfig config) {
    this.config = config;
    PoolSettings settings = new PoolSettings(config.connectionsPerEndpoint(), config.streamsPerConnection(),
        config.requestTimeout(), (int) Math.min(Integer.MAX_VALUE, config.connectTimeout().toMillis()),
        config.maxResponseBytes());
    this.transport = new HttpTransport(config.endpoints(), config.http2(), settings, config.ioThreads());
    this.executor = new FailoverExecutor(transport, config.maxAttempts());
  }

  public static Builder builder() {
    return new Builder();
  }

  public ClientConfig config() {
    return config;
  }

  // ---- put ----

  public CompletableFuture<WriteResponse> putAsync(String key, byte[] value, Precondition precondition) {
    Map<String, String> headers = PUT_HEADERS;
    if (precondition instanceof Precondition.IfMatch m) {
      headers = Map.of("content-type", OCTET_STREAM, "if-match", ifMatch(m));
    } else if (precondition instanceof Precondition.IfAbsent) {
      headers = Map.of("content-type", OCTET_STREAM, "if-none-match", "*");
    }
    HttpRequestSpec request = new HttpRequestSpec("PUT", KeyPaths.keyPath(key), headers, value, false);
    return send(request, key, response -> ResponseReader.read(response, ApiJson::readWriteResponse));
  }

  public CompletableFuture<WriteResponse> putAsync(String key, byte[] value) {
    return putAsync(key, value, Precondition.none());
  }

  public WriteResponse put(String key, byte[] value, Precondition precondition) {
    return join(putAsync(key, value, precondition));
  }

  public WriteResponse put(String key, byte[] value) {
    return join(putAsync(key, value));
  }

  /** Puts a UTF-8 string value. */
  public WriteResponse put(String key, String value) {
    return put(key, value.getBytes(StandardCharsets.UTF_8));
  }

  // ---- get ----

  /** Completes with empty when the key does not exist. */
  public CompletableFuture<Optional<VersionedValue>> getAsync(String key, Consistency consistency) {
    String path = KeyPaths.keyPath(key) + (consistency == Consistency.SERIALIZABLE ? "?consistency=serializable" : "");
    HttpRequestSpec request = HttpRequestSpec.of("GET", path, Map.of(), true);
    return executor.execute(request).thenApply(response -> {
      if (response.status() == 404) {
        return Optional.<VersionedValue>empty();
      }
      if (response.status() != 200) {
        throw ResponseReader.error(response, key);
      }
      long modRevision = ResponseReader.etagRevision(response).orElseThrow(() -> new ServerErrorException(200,
          response.endpoint() + " sent no numeric ETag for key '" + key + "'"));
      return Optional.of(new VersionedValue(key, response.body(), modRevision));
    });
  }

  public CompletableFuture<Optional<VersionedValue>> getAsync(String key) {
    return getAsync(key, Consistency.LINEARIZABLE);
  }

  public Optional<VersionedValue> get(String key, Consistency consistency) {
    return join(getAsync(key, consistency));
  }

  public Optional<VersionedValue> get(String key) {
    return join(getAsync(key));
  }

  // ---- delete ----

  /** Fails with KeyNotFoundException when absent, PreconditionFailedException when If-Match fails. */
  public CompletableFuture<WriteResponse> deleteAsync(String key, Precondition precondition) {
    Map<String, String> headers = new LinkedHashMap<>();
    if (precondition instanceof Precondition.IfMatch m) {
      headers.put("if-match", ifMatch(m));
    } else if (precondition instanceof Precondition.IfAbsent) {
      throw new IllegalArgumentException("delete cannot be create-only");
    }
    HttpRequestSpec request = HttpRequestSpec.of("DELETE", KeyPaths.keyPath(key), headers, false);
    return send(request, key, response -> ResponseReader.read(response, ApiJson::readWriteResponse));
  }

  public WriteResponse delete(String key, Precondition precondition) {
    return join(deleteAsync(key, precondition));
  }

  public WriteResponse delete(String key) {
    return delete(key, Precondition.none());
  }

  // ---- list ----

  /**
   * Keys starting with {@code prefix} in key order, at most {@code limit} of them ({@code limit <= 0}: the
   * server's default, 1000); {@link RangeResult#more()} says whether the limit cut the answer.
   */
  public CompletableFuture<RangeResult> listAsync(String prefix, int limit, Consistency consistency) {
    StringBuilder path = new StringBuilder("/v1/kv?prefix=").append(KeyPaths.encode(prefix, false));
    if (limit > 0) {
      path.append("&limit=").append(limit);
    }
    if (consistency == Consistency.SERIALIZABLE) {
      path.append("&consistency=serializable");
    }
    HttpRequestSpec request = HttpRequestSpec.of("GET", path.toString(), Map.of(), true);
    return send(request, null, response -> ResponseReader.read(response, ApiJson::readRange));
  }

  public RangeResult list(String prefix, int limit, Consistency consistency) {
    return join(listAsync(prefix, limit, consistency));
  }

  public RangeResult list(String prefix, int limit) {
    return list(prefix, limit, Consistency.LINEARIZABLE);
  }

  /**
   * A paged range read (see {@link RangeQuery}): {@code GET /v1/kv} with prefix or start/end, after, limit
   * ({@code 0}: the server's default), revision, keysOnly, countOnly. Fails with a
   * {@link ServerErrorException} for a compacted (410) or future (400) revision.
   */
  public CompletableFuture<RangeResult> rangeAsync(RangeQuery query, Consistency consistency) {
    StringBuilder path = new StringBuilder("/v1/kv?").append(rangeParams(query.keys()));
    if (query.after() != null) {
      path.append("&after=").append(KeyPaths.encode(query.after(), false));
    }
    if (query.limit() > 0) {
      path.append("&limit=").append(query.limit());
    }
    if (query.revision() > 0) {
      path.append("&revision=").append(query.revision());
    }
    if (query.keysOnly()) {
      path.append("&keysOnly=true");
    }
    if (query.countOnly()) {
      path.append("&countOnly=true");
    }
    if (consistency == Consistency.SERIALIZABLE) {
      path.append("&consistency=serializable");
    }
    HttpRequestSpec request = HttpRequestSpec.of("GET", path.toString(), Map.of(), true);
    return send(request, null, response -> ResponseReader.read(response, ApiJson::readRange));
  }

  public RangeResult range(RangeQuery query, Consistency consistency) {
    return join(rangeAsync(query, consistency));
  }

  /** Deletes every key of a prefix or interval in one revision ({@code DELETE /v1/kv}). */
  public CompletableFuture<DeleteRangeResult> deleteRangeAsync(KeyRange keys) {
    if (keys.kind() == KeyRange.Kind.KEY) {
      throw new IllegalArgumentException("delete one key with delete(key)");
    }
    HttpRequestSpec request = HttpRequestSpec.of("DELETE", "/v1/kv?" + rangeParams(keys), Map.of(), false);
    return send(request, null, response -> ResponseReader.read(response, ApiJson::readDeleteRangeResult));
  }

  public DeleteRangeResult deleteRange(KeyRange keys) {
    return join(deleteRangeAsync(keys));
  }

  /** Compacts the history below {@code revision} on every node ({@code POST /v1/compact}). */
  public CompletableFuture<CompactResult> compactAsync(long revision) {
    byte[] body = ("{\"revision\": " + revision + "}").getBytes(StandardCharsets.UTF_8);
    HttpRequestSpec request = new HttpRequestSpec("POST", "/v1/compact", Map.of("content-type", APPLICATION_JSON),
        body, false);
    return send(request, null, response -> ResponseReader.read(response, ApiJson::readCompactResult));
  }

  public CompactResult compact(long revision) {
    return join(compactAsync(revision));
  }

  private static String rangeParams(KeyRange keys) {
    return switch (keys.kind()) {
      case KEY -> "start=" + KeyPaths.encode(keys.start(), false) + "&end=" + KeyPaths.encode(keys.start() + "\u0000", false);
      case PREFIX -> "prefix=" + KeyPaths.encode(keys.start(), false);
      case INTERVAL -> "start=" + KeyPaths.encode(keys.start(), false)
          + (keys.end() == null ? "" : "&end=" + KeyPaths.encode(keys.end(), false));
    };
  }

  // ---- watch ----

  /**
   * Watches every key with {@code prefix} from {@code fromRevision} (inclusive; 0 = from now), resuming on
   * another endpoint from the last revision seen when a node fails; see {@link Watch}.
   */
  public Watch watch(String prefix, long fromRevision, Watch.Listener listener) {
    return watch(KeyRange.prefix(prefix), fromRevision, false, listener);
  }

  public Watch watch(KeyRange keys, long fromRevision, boolean prevKv, Watch.Listener listener) {
    return new Watch(config.endpoints(), keys, fromRevision, prevKv, listener).start();
  }

  // ---- txn ----

  /** Runs a transaction (see {@link TxnRequest}); a failed comparison is not an error: {@code succeeded} is false. */
  public CompletableFuture<TxnResult> txnAsync(TxnRequest txn) {
    return txnJsonAsync(ApiJson.toBytes(ApiJson.txnRequestJson(txn)));
  }

  public TxnResult txn(TxnRequest txn) {
    return join(txnAsync(txn));
  }

  /** Blocking form of {@link #txnJsonAsync(byte[])}. */
  public TxnResult txnJson(byte[] json) {
    return join(txnJsonAsync(json));
  }

  /** Sends a transaction already in the server's JSON format (as the CLI reads it from a file). */
  public CompletableFuture<TxnResult> txnJsonAsync(byte[] json) {
    HttpRequestSpec request = new HttpRequestSpec("POST", "/v1/txn", Map.of("content-type", APPLICATION_JSON),
        json, false);
    return send(request, null, response -> ResponseReader.read(response, ApiJson::readTxnResult));
  }

  // ---- cluster ----

  /** The cluster as seen by the first node that answers; see {@link ClusterStatus}. */
  public CompletableFuture<ClusterStatus> clusterStatusAsync() {
    HttpRequestSpec request = HttpRequestSpec.of("GET", "/v1/cluster", Map.of(), true);
    return send(request, null, response -> ResponseReader.read(response, ApiJson::readClusterStatus));
  }

  public ClusterStatus clusterStatus() {
    return join(clusterStatusAsync());
  }

  /**
   * Asks every endpoint for its own view of the cluster, without failover (a status tool wants each node's
   * term and indexes). The map is in endpoint order; a node that did not answer maps to its error.
   */
  public Map<Endpoint, CompletableFuture<ClusterStatus>> clusterStatusOfEachAsync() {
    Map<Endpoint, CompletableFuture<ClusterStatus>> result = new LinkedHashMap<>();
    for (EndpointPool pool : transport.pools()) {
      result.put(pool.endpoint(), pool.send(HttpRequestSpec.of("GET", "/v1/cluster", Map.of(), true))
          .thenApply(response -> {
            if (response.status() != 200) {
              throw ResponseReader.error(response, null);
            }
            return ResponseReader.read(response, ApiJson::readClusterStatus);
          }));
    }
    return result;
  }

  /**
   * Asks every endpoint's {@code /health}, without failover: true for 200, false for any other answer or
   * no answer. The map is in endpoint order.
   */
  public Map<Endpoint, Boolean> health() {
    List<CompletableFuture<Boolean>> answers = new ArrayList<>();
    for (EndpointPool pool : transport.pools()) {
      answers.add(pool.send(HttpRequestSpec.of("GET", "/health", Map.of(), true))
          .handle((response, error) -> error == null && response.status() == 200));
    }
    Map<Endpoint, Boolean> result = new LinkedHashMap<>();
    for (int i = 0; i < answers.size(); i++) {
      result.put(transport.pools().get(i).endpoint(), answers.get(i).join());
    }
    return result;
  }

  /** The {@code If-Match} value; no key has a modRevision below 1, so such a condition is a caller's mistake. */
  private static String ifMatch(Precondition.IfMatch m) {
    if (m.modRevision() < 1) {
      throw new IllegalArgumentException("modRevision must be >= 1: " + m.modRevision());
    }
    return "\"" + m.modRevision() + "\"";
  }

  @Override
  public void close() {
    transport.close();
  }

  private <T> CompletableFuture<T> send(HttpRequestSpec request, String key, Function<HttpResult, T> onOk) {
    return executor.execute(request).thenApply(response -> {
      if (response.status() / 100 != 2) {
        throw ResponseReader.error(response, key);
      }
      return onOk.apply(response);
    });
  }

  /** Waits for a future and rethrows its RaftKvException (or wraps anything else). */
  static <T> T join(CompletableFuture<T> future) {
    try {
      return future.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RaftKvException("interrupted while waiting for the server", e);
    } catch (ExecutionException e) {
      Throwable cause = FailoverExecutor.unwrap(e.getCause());
      if (cause instanceof RaftKvException raftKv) {
        throw raftKv;
      }
      if (cause instanceof IllegalArgumentException illegal) {
        throw illegal;
      }
      throw new RaftKvException(String.valueOf(cause.getMessage()), cause);
    }
  }

  /** Builds a {@link RaftKvClient}; every setting has a default except the endpoints. */
  public static final class Builder {

    private final List<Endpoint> endpoints = new ArrayList<>();
    private boolean http2 = true;
    private int connectionsPerEndpoint = 1;
    private int streamsPerConnection = 100;
    // Longer than the server's own request timeout (10 s by default), so that the server's verdict (503: not
    // applied, retry elsewhere; 504: unknown) reaches the client before the client has to guess.
    private Duration requestTimeout = Duration.ofSeconds(12);
    private Duration connectTimeout = Duration.ofSeconds(2);
    private int ioThreads = 1;
    private int maxAttempts;
    private int maxResponseBytes = 32 << 20;

    private Builder() {
    }

    /** Adds endpoints like "http://127.0.0.1:8081". */
    public Builder endpoints(List<String> urls) {
      urls.forEach(url -> endpoints.add(Endpoint.parse(url)));
      return this;
    }

    public Builder endpoints(String... urls) {
      return endpoints(List.of(urls));
    }

    /** HTTP/2 cleartext (default) or HTTP/1.1. */
    public Builder http2(boolean http2) {
      this.http2 = http2;
      return this;
    }

    public Builder connectionsPerEndpoint(int connections) {
      this.connectionsPerEndpoint = connections;
      return this;
    }

    public Builder streamsPerConnection(int streams) {
      this.streamsPerConnection = streams;
      return this;
    }

    public Builder requestTimeout(Duration timeout) {
      this.requestTimeout = timeout;
      return this;
    }

    public Builder connectTimeout(Duration timeout) {
      this.connectTimeout = timeout;
      return this;
    }

    public Builder ioThreads(int threads) {
      this.ioThreads = threads;
      return this;
    }

    /** Attempts over all endpoints; default three rounds over the endpoint list. */
    public Builder maxAttempts(int attempts) {
      this.maxAttempts = attempts;
      return this;
    }

    public Builder maxResponseBytes(int bytes) {
      this.maxResponseBytes = bytes;
      return this;
    }

    public RaftKvClient build() {
      int attempts = maxAttempts > 0 ? maxAttempts : 3 * Math.max(1, endpoints.size());
      return new RaftKvClient(new ClientConfig(endpoints, http2, connectionsPerEndpoint, streamsPerConnection,
          requestTimeout, connectTimeout, ioThreads, attempts, maxResponseBytes));
    }
  }
}
