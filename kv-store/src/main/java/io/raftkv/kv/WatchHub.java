package io.raftkv.kv;

import java.util.Iterator;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Wakes the watchers waiting for new revisions of one {@link KvStateMachine}. The applier thread calls
 * {@link #applied} after each applied batch; it only runs the armed watchers' wake-ups (cheap, non-blocking
 * signals to their event loops) and never delivers events itself, so a slow watcher cannot slow the
 * applier: each watcher pulls its events from history at its own pace ({@link Watcher#poll}).
 *
 * <p>Invariant: a watcher is armed (in {@link #armed}) exactly when its last poll found nothing new and no
 * change has been applied since; it is armed under the store's read lock, so an apply either happened
 * before that poll (and was seen) or takes the write lock after it and wakes it.
 */
public final class WatchHub {

  private final Set<Watcher> armed = ConcurrentHashMap.newKeySet();

  /** Arms {@code w}: its wake-up runs after the next applied change. */
  void arm(Watcher w) {
    armed.add(w);
  }

  void disarm(Watcher w) {
    armed.remove(w);
  }

  /** Watchers waiting now (for monitoring and tests). */
  public int armedCount() {
    return armed.size();
  }

  /** Called by the applier after changes became visible: wakes every armed watcher once. */
  void applied() {
    for (Iterator<Watcher> it = armed.iterator(); it.hasNext(); ) {
      Watcher w = it.next();
      it.remove();
      w.wake();
    }
  }
}
