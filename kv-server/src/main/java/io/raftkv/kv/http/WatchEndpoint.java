package io.raftkv.kv.http;

import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.raftkv.api.ApiError;
import io.raftkv.api.ApiJson;
import io.raftkv.api.ErrorKind;
import io.raftkv.api.KeyRange;
import io.raftkv.kv.RevisionUnavailableException;
import io.raftkv.kv.WatchFilter;
import io.raftkv.kv.Watcher;
import io.raftkv.kv.api.KvService;
import io.raftkv.kv.http.stream.StreamingResponse;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * {@code GET /v1/watch?key=K|prefix=P|start=A&end=B [&startRevision=R] [&prevKv=true] [&filter=noput|nodelete]}:
 * a stream of every change to the range from {@code startRevision} (inclusive; default the next revision,
 * or {@code Last-Event-ID + 1}), as SSE or NDJSON ({@link WatchFormat}).
 *
 * <p>Everything wrong is refused before the stream opens, with a JSON error: unknown parameters, bad values,
 * a future start (400 {@code future_revision}), a compacted one (410 {@code compacted}). Once open, the
 * stream ends only with an error message: {@code compacted} if the client fell behind the compaction point,
 * {@code no_leader} when this node has seen no leader for {@link #noLeaderLimit}.
 *
 * <p>{@link #progress} ({@code POST /v1/watch/progress}) makes every open stream send a bookmark at once.
 *
 * <p>Owns its open {@link WatchSource}s and the ticker that sends idle bookmarks every
 * {@link #progressInterval} and checks for a leader.
 */
final class WatchEndpoint implements AutoCloseable {

  static final Set<String> PARAMS = Set.of("key", "prefix", "start", "end", "startRevision", "prevKv", "filter");
  static final Duration DEFAULT_PROGRESS_INTERVAL = Duration.ofSeconds(5);
  static final Duration DEFAULT_NO_LEADER_LIMIT = Duration.ofSeconds(10);

  private final KvService service;
  private final Duration progressInterval;
  private final Duration noLeaderLimit;
  private final Set<WatchSource> open = ConcurrentHashMap.newKeySet();
  private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "watch-ticker");
    t.setDaemon(true);
    return t;
  });
  /** Ticker thread only: when the node was last seen with a leader. */
  private long leaderSeenNanos = System.nanoTime();

  WatchEndpoint(KvService service, Duration progressInterval, Duration noLeaderLimit) {
    this.service = service;
    this.progressInterval = progressInterval;
    this.noLeaderLimit = noLeaderLimit;
    long tick = Math.max(100, Math.min(progressInterval.toMillis(), noLeaderLimit.toMillis() / 4));
    ticker.scheduleWithFixedDelay(this::tick, tick, tick, TimeUnit.MILLISECONDS);
  }

  private long lastProgressNanos = System.nanoTime();

  private void tick() {
    long now = System.nanoTime();
    if (service.leaderKnown()) {
      leaderSeenNanos = now;
    } else if (now - leaderSeenNanos > noLeaderLimit.toNanos()) {
      ApiError e = ApiError.of(ErrorKind.NO_LEADER, "this node has seen no leader for over "
          + noLeaderLimit.toMillis() + " ms; resume the watch on another node");
      open.forEach(s -> s.fail(e));
    }
    if (now - lastProgressNanos >= progressInterval.toNanos()) {
      lastProgressNanos = now;
      open.forEach(WatchSource::tick);
    }
  }

  /**
   * {@code POST /v1/watch/progress}: every watch open on this node sends a bookmark at once, each with the
   * revision it has delivered up to (not the store's revision: a watch still catching up is never told of a
   * revision it has not delivered, etcd #17507). Answers {@code {"watches": N}}, the number asked.
   */
  CompletableFuture<Reply> progress(ApiRequest req) {
    if (!req.query().isEmpty()) {
      throw new ApiException(ErrorKind.BAD_PARAMETER, "POST /v1/watch/progress takes no parameters");
    }
    int asked = 0;
    for (WatchSource s : open) {
      s.requestProgress();
      asked++;
    }
    return CompletableFuture.completedFuture(Reply.full(Responses.ok(
        ApiJson.MAPPER.createObjectNode().put("watches", asked))));
  }

  /** Watch streams open now. */
  int openCount() {
    return open.size();
  }

  CompletableFuture<Reply> get(ApiRequest req) {
    for (String name : req.query().keySet()) {
      if (!PARAMS.contains(name)) {
        throw new ApiException(ErrorKind.BAD_PARAMETER, "unknown parameter '" + name + "'; a watch takes "
            + String.join(", ", new java.util.TreeSet<>(PARAMS)));
      }
    }
    KeyRange range = RangeParams.keys(req, true);
    if (range == null) {
      throw new ApiException(ErrorKind.BAD_PARAMETER, "a watch needs key=, prefix= or start=/end=");
    }
    long start = startRevision(req);
    WatchFilter filter = filter(req.param("filter"));
    boolean prevKv = Params.bool(req, "prevKv");
    WatchFormat format = WatchFormat.forAccept(req.headers().get(HttpHeaderNames.ACCEPT));
    WatchSource[] holder = new WatchSource[1];
    Watcher watcher;
    try {
      watcher = service.watch(range, start, filter, prevKv, () -> holder[0].wake());
    } catch (RevisionUnavailableException e) {
      if (e.compacted()) {
        return CompletableFuture.completedFuture(Reply.full(Responses.error(
            ApiError.compacted(e.requested(), e.compactRevision()))));
      }
      throw new ApiException(ErrorKind.FUTURE_REVISION, "startRevision " + e.requested()
          + " is a future revision; the next revision is " + e.currentRevision());
    }
    WatchSource source = new WatchSource(watcher, format, () -> open.remove(holder[0]));
    holder[0] = source;
    open.add(source);
    HttpHeaders headers = new DefaultHttpHeaders();
    headers.set(HttpHeaderNames.CONTENT_TYPE, format.contentType());
    headers.set(HttpHeaderNames.CACHE_CONTROL, "no-cache");
    return CompletableFuture.completedFuture(Reply.streamed(new StreamingResponse(HttpResponseStatus.OK, headers,
        source)));
  }

  /** {@code startRevision=R}, else {@code Last-Event-ID + 1} (an EventSource resuming), else 0 (next). */
  private static long startRevision(ApiRequest req) {
    if (req.param("startRevision") != null) {
      return RangeParams.revision(req, "startRevision");
    }
    String lastEventId = req.headers().get("Last-Event-ID");
    if (lastEventId == null || lastEventId.isBlank()) {
      return 0;
    }
    try {
      long id = Long.parseLong(lastEventId.trim());
      if (id < 0) {
        throw new NumberFormatException();
      }
      return id + 1;
    } catch (NumberFormatException e) {
      throw new ApiException(ErrorKind.BAD_PARAMETER, "Last-Event-ID must be a revision, got: " + lastEventId);
    }
  }

  private static WatchFilter filter(String value) {
    if (value == null) {
      return WatchFilter.NONE;
    }
    return switch (value) {
      case "noput" -> WatchFilter.NOPUT;
      case "nodelete" -> WatchFilter.NODELETE;
      default -> throw new ApiException(ErrorKind.BAD_PARAMETER,
          "filter must be 'noput' or 'nodelete', got: " + value);
    };
  }

  @Override
  public void close() {
    ticker.shutdownNow();
  }
}
