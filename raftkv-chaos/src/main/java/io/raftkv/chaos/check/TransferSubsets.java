package io.raftkv.chaos.check;

import io.raftkv.chaos.history.Call;
import io.raftkv.chaos.history.Operation;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds every subset of pending UNKNOWN transfers whose net effect is exactly the difference
 * between what a balance read saw and the current balances: a vector subset-sum, solved by
 * include/exclude depth-first search, pruned per account by the most the remaining transfers
 * could still add to or take from it, and memoizing (position, still missing) pairs that failed.
 *
 * <p>Every matching subset is returned, not just one: which transfers are used now decides which
 * remain to explain later reads. The search is bounded ({@link #MAX_SUBSETS}, {@link #MAX_WORK});
 * when a bound is hit the result says so, and a failed linearizability search becomes UNKNOWN.
 */
final class TransferSubsets {

  static final int MAX_SUBSETS = 64;
  static final long MAX_WORK = 200_000;

  private final int[] from;
  private final int[] to;
  private final long[] amount;
  private final int[] candidateIndex;
  /** upFrom[k][i]: the most transfers k.. can add to account i; downFrom: can take from it. */
  private final long[][] upFrom;
  private final long[][] downFrom;
  /** (k, missing) pairs already searched without finding a subset. */
  private final java.util.Set<List<Long>> dead = new java.util.HashSet<>();
  private final long[] missing;
  private final List<int[]> found = new ArrayList<>();
  private final int[] chosen;
  private int chosenCount;
  private long work;
  private boolean truncated;

  /**
   * @param missing per account (in {@code accounts} order): seen balance minus current balance
   */
  TransferSubsets(List<String> accounts, List<Operation> candidates, long[] missing) {
    List<Integer> usable = new ArrayList<>();
    for (int i = 0; i < candidates.size(); i++) {
      if (candidates.get(i).call() instanceof Call.Transfer t
          && accounts.contains(t.from()) && accounts.contains(t.to())) {
        usable.add(i);
      }
    }
    int n = usable.size();
    from = new int[n];
    to = new int[n];
    amount = new long[n];
    candidateIndex = new int[n];
    for (int k = 0; k < n; k++) {
      Call.Transfer t = (Call.Transfer) candidates.get(usable.get(k)).call();
      from[k] = accounts.indexOf(t.from());
      to[k] = accounts.indexOf(t.to());
      amount[k] = t.amount();
      candidateIndex[k] = usable.get(k);
    }
    int a = accounts.size();
    upFrom = new long[n + 1][a];
    downFrom = new long[n + 1][a];
    for (int k = n - 1; k >= 0; k--) {
      upFrom[k] = upFrom[k + 1].clone();
      downFrom[k] = downFrom[k + 1].clone();
      upFrom[k][to[k]] += amount[k];
      downFrom[k][from[k]] += amount[k];
    }
    this.missing = missing.clone();
    this.chosen = new int[n];
  }

  Spec.Prerequisites find() {
    search(0);
    return new Spec.Prerequisites(found, truncated);
  }

  private void search(int k) {
    if (truncated) {
      return;
    }
    if (++work > MAX_WORK) {
      truncated = true;
      return;
    }
    boolean done = true;
    for (int i = 0; i < missing.length; i++) {
      if (missing[i] > upFrom[k][i] || -missing[i] > downFrom[k][i]) {
        return;
      }
      done &= missing[i] == 0;
    }
    if (k == from.length) {
      if (done && chosenCount > 0) {
        if (found.size() == MAX_SUBSETS) {
          truncated = true;
          return;
        }
        int[] subset = new int[chosenCount];
        for (int i = 0; i < chosenCount; i++) {
          subset[i] = candidateIndex[chosen[i]];
        }
        found.add(subset);
      }
      return;
    }
    List<Long> key = key(k);
    if (dead.contains(key)) {
      return;
    }
    int before = found.size();
    // Include transfer k: it supplies what the read saw in its target and took from its source.
    missing[from[k]] += amount[k];
    missing[to[k]] -= amount[k];
    chosen[chosenCount++] = k;
    search(k + 1);
    chosenCount--;
    missing[from[k]] -= amount[k];
    missing[to[k]] += amount[k];
    search(k + 1);
    if (found.size() == before && !truncated) {
      dead.add(key);
    }
  }

  /**
   * Whether a subset of transfers k.. reaches the target depends only on k and what is still
   * missing (plus, for the "non-empty" rule, on whether something was chosen already; the empty
   * subset never matters because the caller only asks when the read does not fit as is).
   */
  private List<Long> key(int k) {
    List<Long> key = new ArrayList<>(missing.length + 2);
    key.add((long) k);
    key.add(chosenCount > 0 ? 1L : 0L);
    for (long m : missing) {
      key.add(m);
    }
    return key;
  }
}
