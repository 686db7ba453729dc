package io.raftkv.chaos.check;

import io.raftkv.chaos.history.Call;
import io.raftkv.chaos.history.Operation;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds every subset of pending UNKNOWN transfers whose net effect is exactly the difference
 * between what a balance read saw and the current balances: a vector subset-sum, solved by
 * include/exclude depth-first search, pruned per account by the most the remaining transfers
 * could still add to or take from it, and by two symmetry rules ({@link #mayInclude}). No memo of
 * failed (position, missing) pairs: with the symmetry rules the outcome also depends on earlier
 * choices, and a wrong memo hit would lose a subset, i.e. produce a false alarm.
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
  /** upFrom[k * accountCount + i]: the most transfers k.. can add to account i. */
  private final long[] upFrom;
  /** downFrom[k * accountCount + i]: the most transfers k.. can take from account i. */
  private final long[] downFrom;
  private final int accountCount;
  /** Index of the previous transfer with the same accounts and amount, or -1. */
  private final int[] previousSame;
  private final boolean[] isChosen;
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
    previousSame = new int[n];
    java.util.Map<List<Long>, Integer> lastSame = new java.util.HashMap<>();
    for (int k = 0; k < n; k++) {
      Integer j = lastSame.put(List.of((long) from[k], (long) to[k], amount[k]), k);
      previousSame[k] = j == null ? -1 : j;
    }
    isChosen = new boolean[n];
    accountCount = accounts.size();
    upFrom = new long[(n + 1) * accountCount];
    downFrom = new long[(n + 1) * accountCount];
    for (int k = n - 1; k >= 0; k--) {
      System.arraycopy(upFrom, (k + 1) * accountCount, upFrom, k * accountCount, accountCount);
      System.arraycopy(downFrom, (k + 1) * accountCount, downFrom, k * accountCount, accountCount);
      upFrom[k * accountCount + to[k]] += amount[k];
      downFrom[k * accountCount + from[k]] += amount[k];
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
      if (missing[i] > upFrom[k * accountCount + i] || -missing[i] > downFrom[k * accountCount + i]) {
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
    if (mayInclude(k)) {
      // Include transfer k: it supplies what the read saw in its target, took from its source.
      missing[from[k]] += amount[k];
      missing[to[k]] -= amount[k];
      chosen[chosenCount++] = k;
      isChosen[k] = true;
      search(k + 1);
      isChosen[k] = false;
      chosenCount--;
      missing[from[k]] -= amount[k];
      missing[to[k]] += amount[k];
    }
    search(k + 1);
  }

  /**
   * Two pruning rules that keep every subset the search needs. Identical pending transfers are
   * interchangeable (both may take effect at any later point), so only a prefix of each group of
   * identical ones is chosen. A subset holding a transfer and its exact reverse contains a part
   * with no net effect, which could as well be moved after the read (transfers commute), so the
   * subset without that pair is enough.
   */
  private boolean mayInclude(int k) {
    if (previousSame[k] >= 0 && !isChosen[previousSame[k]]) {
      return false;
    }
    for (int i = 0; i < chosenCount; i++) {
      int j = chosen[i];
      if (from[j] == to[k] && to[j] == from[k] && amount[j] == amount[k]) {
        return false;
      }
    }
    return true;
  }
}
