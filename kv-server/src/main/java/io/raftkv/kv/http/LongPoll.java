package io.raftkv.kv.http;

import io.netty.handler.codec.http.HttpMethod;
import io.raftkv.api.ErrorKind;
import io.raftkv.api.KeyRange;
import io.raftkv.kv.WatchFilter;
import io.raftkv.kv.Watcher;
import io.raftkv.kv.api.KvService;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.TimeUnit;

/**
 * The wait of a blocking read (Consul's blocking queries): {@code GET /v1/kv/{key}?waitRevision=R&wait=D}
 * answers once the key changes after revision R, or after D with its state then. Built on a watcher of the
 * one key from the next revision, so it costs a cursor and never holds the applier: wake-ups only
 * schedule a poll on the common pool.
 *
 * <p>D is up to {@link #MAX_WAIT}, independent of the request timeout: {@link KvRequestHandler} gives a long
 * poll the request timeout on top of its wait (for the reads around it) and moves it off the in-flight
 * permits ({@link InFlightLimiter#park}), so waiting clients neither time out nor starve other requests.
 *
 * <p>Owns its watcher until {@link #changed} completes; then cancels it.
 */
final class LongPoll {

  /** The longest {@code wait} accepted; above it is 400 (Consul caps its blocking queries at 10 min). */
  static final Duration MAX_WAIT = Duration.ofMinutes(5);
  /** The {@code wait} of a long poll that gives none. */
  static final Duration DEFAULT_WAIT = Duration.ofSeconds(5);

  private final Watcher watcher;
  private final CompletableFuture<Void> changed = new CompletableFuture<>();

  private LongPoll(KvService service, String key) {
    this.watcher = service.watch(KeyRange.key(key), 0, WatchFilter.NONE, false,
        () -> ForkJoinPool.commonPool().execute(this::check));
  }

  /**
   * How long {@code req} may wait: {@link Duration#ZERO} unless it is a long poll ({@code GET /v1/kv/{key}}
   * with {@code waitRevision}), else its {@code wait} (default {@link #DEFAULT_WAIT}).
   *
   * @throws ApiException 400 {@code bad_parameter} for a {@code wait} that is not a positive duration or
   *     is above {@link #MAX_WAIT}
   */
  static Duration waitOf(ApiRequest req) {
    if (!req.method().equals(HttpMethod.GET) || !req.rawPath().startsWith(Router.KEY_PREFIX)
        || req.param("waitRevision") == null) {
      return Duration.ZERO;
    }
    Duration wait = Params.duration(req, "wait", DEFAULT_WAIT);
    if (wait.compareTo(MAX_WAIT) > 0) {
      throw new ApiException(ErrorKind.BAD_PARAMETER, "wait must be at most " + MAX_WAIT.toMinutes() + "m, got: "
          + req.param("wait"));
    }
    return wait;
  }

  /** Completes when {@code key} changes after now, or after {@code wait}, whichever is first. */
  static CompletableFuture<Void> nextChange(KvService service, String key, Duration wait) {
    LongPoll poll = new LongPoll(service, key);
    poll.check();
    return poll.changed.completeOnTimeout(null, wait.toMillis(), TimeUnit.MILLISECONDS)
        .whenComplete((ok, e) -> poll.watcher.cancel());
  }

  /** Polls the watcher: done on an event, else it is armed again for the next applied change. */
  private synchronized void check() {
    if (changed.isDone()) {
      return;
    }
    try {
      if (!watcher.poll(WatchSource.REVISIONS_PER_PULL).isEmpty()) {
        changed.complete(null);
      } else if (!watcher.caughtUp()) {
        ForkJoinPool.commonPool().execute(this::check);
      }
    } catch (RuntimeException e) {
      // Compacted under a long wait: answer with the current state.
      changed.complete(null);
    }
  }
}
