package io.raftkv.raft.scenario.script;

import java.util.ArrayList;
import java.util.List;

/**
 * A unified-style line diff ({@code -} expected, {@code +} actual, two spaces for common lines) by longest
 * common subsequence, with three lines of context around each change ({@code @@} separates hunks). One
 * directive's output is at most a few hundred lines, so the quadratic table is cheap and keeps this free
 * of dependencies.
 */
final class LineDiff {

  /** Unchanged lines shown around each change. */
  private static final int CONTEXT = 3;

  private LineDiff() {}

  static String diff(String expected, String actual) {
    List<String> a = lines(expected);
    List<String> b = lines(actual);
    int[][] lcs = new int[a.size() + 1][b.size() + 1];
    for (int i = a.size() - 1; i >= 0; i--) {
      for (int j = b.size() - 1; j >= 0; j--) {
        lcs[i][j] = a.get(i).equals(b.get(j)) ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
      }
    }
    List<String> ops = new ArrayList<>();
    int i = 0;
    int j = 0;
    while (i < a.size() || j < b.size()) {
      if (i < a.size() && j < b.size() && a.get(i).equals(b.get(j))) {
        ops.add("  " + a.get(i++));
        j++;
      } else if (i < a.size() && (j == b.size() || lcs[i + 1][j] >= lcs[i][j + 1])) {
        ops.add("- " + a.get(i++));
      } else {
        ops.add("+ " + b.get(j++));
      }
    }
    StringBuilder out = new StringBuilder("--- expected\n+++ actual\n");
    int lastPrinted = -1;
    for (int k = 0; k < ops.size(); k++) {
      if (!nearChange(ops, k)) {
        continue;
      }
      if (lastPrinted >= 0 && k > lastPrinted + 1) {
        out.append("@@\n");
      }
      out.append(ops.get(k)).append('\n');
      lastPrinted = k;
    }
    return out.toString();
  }

  /** Whether line {@code k} of the edit script is a change or within {@link #CONTEXT} lines of one. */
  private static boolean nearChange(List<String> ops, int k) {
    for (int d = Math.max(0, k - CONTEXT); d <= Math.min(ops.size() - 1, k + CONTEXT); d++) {
      if (!ops.get(d).startsWith("  ")) {
        return true;
      }
    }
    return false;
  }

  private static List<String> lines(String s) {
    List<String> out = new ArrayList<>(List.of(s.split("\n", -1)));
    if (!out.isEmpty() && out.get(out.size() - 1).isEmpty()) {
      out.remove(out.size() - 1);
    }
    return out;
  }
}
