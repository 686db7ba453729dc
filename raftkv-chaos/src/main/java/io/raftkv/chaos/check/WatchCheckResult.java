package io.raftkv.chaos.check;

import java.util.ArrayList;
import java.util.List;

/**
 * The watch checker's findings for one run.
 *
 * @param watchers watchers checked (0: the run had no watch workload)
 * @param messages event messages (one revision each) the watchers were handed
 * @param eventsChecked events that matched the committed history at their revision
 * @param reconnects streams opened after each watcher's first one
 * @param referenceRevisions revisions in the committed history the watchers were compared with
 * @param violations one line per finding, empty when every watcher saw exactly the committed history
 */
public record WatchCheckResult(int watchers, long messages, long eventsChecked, long reconnects,
    long referenceRevisions, List<String> violations) {

  public WatchCheckResult {
    violations = List.copyOf(violations);
  }

  /** The result of a run without watchers. */
  public static WatchCheckResult notRun() {
    return new WatchCheckResult(0, 0, 0, 0, 0, List.of());
  }

  public boolean ran() {
    return watchers > 0;
  }

  /** This result with {@code more} findings (checks of the reference itself) added in front. */
  public WatchCheckResult withViolations(List<String> more) {
    List<String> all = new ArrayList<>(more);
    all.addAll(violations);
    return new WatchCheckResult(watchers, messages, eventsChecked, reconnects, referenceRevisions, all);
  }
}
