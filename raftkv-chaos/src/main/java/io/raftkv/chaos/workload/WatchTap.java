package io.raftkv.chaos.workload;

import io.raftkv.api.WatchResponse;

/**
 * Where a watcher hands each message it read to its {@link io.raftkv.chaos.history.WatchLog}: the
 * identity in every run; tests put a faulty tap here (one that drops an event) to show that the watch
 * checker catches a watcher that misses what the stream delivered.
 */
@FunctionalInterface
public interface WatchTap {

  /** Every message reaches the log. */
  WatchTap IDENTITY = (watcher, message) -> message;

  /** The message {@code watcher} records for {@code message} as read from the stream; null records nothing. */
  WatchResponse pass(String watcher, WatchResponse message);
}
