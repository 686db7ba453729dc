package io.raftkv.kv.http;

import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.raftkv.api.ErrorKind;
import io.raftkv.kv.api.NodeEventFeed;
import io.raftkv.kv.http.stream.StreamingResponse;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * {@code GET /v1/events[?interval=MS]}: the node's live events as Server-Sent Events for the dashboard
 * (docs/API.md, "Live events"): {@code hello}, then Raft events as they happen and a {@code status} every
 * {@code interval} ms (50..5000, default 250). Anything else in the query is 400 before the stream opens.
 * Readable from any origin ({@code Access-Control-Allow-Origin: *}): it is read-only.
 *
 * <p>Owns its open {@link EventsSource}s and the ticker that tells them when a status is due; the ticker
 * runs only while at least one stream is open.
 */
final class EventsEndpoint implements AutoCloseable {

  static final String PATH = "/v1/events";
  static final int MIN_INTERVAL_MS = 50;
  static final int MAX_INTERVAL_MS = 5000;
  static final int DEFAULT_INTERVAL_MS = 250;
  private static final long TICK_MS = MIN_INTERVAL_MS;

  private final NodeEventFeed feed;
  private final Set<EventsSource> open = ConcurrentHashMap.newKeySet();
  private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "events-ticker");
    t.setDaemon(true);
    return t;
  });
  /** Guarded by {@code this}: the ticker's task while streams are open, else null. */
  private ScheduledFuture<?> ticking;

  EventsEndpoint(NodeEventFeed feed) {
    this.feed = feed;
  }

  CompletableFuture<Reply> get(ApiRequest req) {
    for (String name : req.query().keySet()) {
      if (!name.equals("interval")) {
        throw new ApiException(ErrorKind.BAD_PARAMETER, "unknown parameter '" + name + "'; /v1/events takes interval");
      }
    }
    long interval = Params.boundedLong(req, "interval", DEFAULT_INTERVAL_MS, MIN_INTERVAL_MS, MAX_INTERVAL_MS);
    EventsSource[] holder = new EventsSource[1];
    // The first status after one ticker period: by then the Raft loop has taken a fresh snapshot.
    EventsSource source = new EventsSource(feed, interval, System::currentTimeMillis,
        System.nanoTime() + TICK_MS * 1_000_000,
        () -> closed(holder[0]));
    holder[0] = source;
    opened(source);
    HttpHeaders headers = new DefaultHttpHeaders();
    headers.set(HttpHeaderNames.CONTENT_TYPE, "text/event-stream");
    headers.set(HttpHeaderNames.CACHE_CONTROL, "no-cache");
    headers.set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_ORIGIN, "*");
    return CompletableFuture.completedFuture(Reply.streamed(new StreamingResponse(HttpResponseStatus.OK, headers,
        source)));
  }

  /** Event streams open now. */
  int openCount() {
    return open.size();
  }

  private synchronized void opened(EventsSource s) {
    open.add(s);
    if (ticking == null && !ticker.isShutdown()) {
      ticking = ticker.scheduleAtFixedRate(this::tick, 0, TICK_MS, TimeUnit.MILLISECONDS);
    }
  }

  private synchronized void closed(EventsSource s) {
    open.remove(s);
    if (open.isEmpty() && ticking != null) {
      ticking.cancel(false);
      ticking = null;
    }
  }

  private void tick() {
    long now = System.nanoTime();
    for (EventsSource s : open) {
      s.tick(now);
    }
  }

  @Override
  public void close() {
    ticker.shutdownNow();
  }
}
