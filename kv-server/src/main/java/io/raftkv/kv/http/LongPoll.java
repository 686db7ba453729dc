package io.raftkv.kv.http;

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
 * <p>Owns its watcher until {@link #changed} completes; then cancels it.
 */
final class LongPoll {

  private final Watcher watcher;
  private final CompletableFuture<Void> changed = new CompletableFuture<>();

  private LongPoll(KvService service, String key) {
    this.watcher = service.watch(KeyRange.key(key), 0, WatchFilter.NONE, false,
        () -> ForkJoinPool.commonPool().execute(this::check));
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
