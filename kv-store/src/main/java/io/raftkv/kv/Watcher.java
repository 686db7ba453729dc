package io.raftkv.kv;

import io.raftkv.api.KeyRange;
import io.raftkv.api.WatchResponse;
import java.util.List;

/**
 * One watch: a key range and a cursor into the store's revision history. It holds no events of its own:
 * {@link #poll} reads them from the shared {@link RevisionLog} under the store's read lock, so a slow
 * watcher costs its cursor, not a queue, and catches up from history by itself; only a cursor below the
 * compaction point ends it ({@link RevisionUnavailableException}).
 *
 * <p>Threads: one consumer (the stream's event loop) calls {@link #poll} and {@link #cancel}; the applier
 * only calls the wake-up through {@link WatchHub}. Invariant: {@code nextRevision} only grows, and every
 * revision below it was delivered (or had no matching event), so nothing is skipped or repeated.
 */
public final class Watcher {

  private final KvStateMachine store;
  private final WatchHub hub;
  private final KeyRange range;
  private final WatchFilter filter;
  private final boolean prevKv;
  private final Runnable wake;
  /** The next revision to look at. Only the consumer thread touches it. */
  private long nextRevision;

  Watcher(KvStateMachine store, WatchHub hub, KeyRange range, long startRevision, WatchFilter filter,
      boolean prevKv, Runnable wake) {
    this.store = store;
    this.hub = hub;
    this.range = range;
    this.nextRevision = startRevision;
    this.filter = filter;
    this.prevKv = prevKv;
    this.wake = wake;
  }

  /**
   * The responses of up to {@code maxRevisions} revisions from the cursor on (only revisions with a matching
   * event yield one), advancing the cursor past every revision looked at. An empty list with
   * {@link #caughtUp} true means: nothing new; the watcher is then armed, and its wake-up runs after the
   * next applied change.
   *
   * @throws RevisionUnavailableException when the cursor has been compacted away
   */
  public List<WatchResponse> poll(int maxRevisions) {
    KvStateMachine.WatchRead read = store.readChanges(this, range, nextRevision, maxRevisions, filter, prevKv);
    nextRevision = read.nextRevision();
    return read.responses();
  }

  /** Whether the cursor is past the store's current revision (as of the last {@link #poll}). */
  public boolean caughtUp() {
    return nextRevision > store.revision();
  }

  /** The last revision fully delivered: a progress bookmark's revision. */
  public long seenRevision() {
    return nextRevision - 1;
  }

  /** Stops waking this watcher; idempotent. */
  public void cancel() {
    hub.disarm(this);
  }

  void wake() {
    wake.run();
  }
}
