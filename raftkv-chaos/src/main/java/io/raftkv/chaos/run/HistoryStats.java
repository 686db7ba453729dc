package io.raftkv.chaos.run;

import io.raftkv.chaos.history.History;
import io.raftkv.chaos.history.Operation;
import java.util.ArrayList;
import java.util.List;
import org.HdrHistogram.Histogram;

/**
 * Numbers the report shows for one history: counts per outcome, availability, latency percentiles
 * of OK operations, and the longest stretch of time in which no write succeeded.
 *
 * @param operations all operations
 * @param ok acknowledged
 * @param fail definitely not applied
 * @param unknown indeterminate
 * @param p50Millis median latency of OK operations
 * @param p99Millis 99th percentile latency of OK operations
 * @param longestNoWriteMillis longest interval within [start, end] without an OK write completing
 */
public record HistoryStats(long operations, long ok, long fail, long unknown, double p50Millis, double p99Millis,
    long longestNoWriteMillis) {

  /** Share of operations that were acknowledged. */
  public double availability() {
    return operations == 0 ? 0 : (double) ok / operations;
  }

  /** Stats of {@code history} over the window {@code [startNanos, endNanos]} of client activity. */
  public static HistoryStats of(History history, long startNanos, long endNanos) {
    long ok = 0;
    long fail = 0;
    long unknown = 0;
    Histogram latency = new Histogram(3_600_000_000_000L, 3);
    List<Long> writeCompletions = new ArrayList<>();
    for (Operation op : history.operations()) {
      switch (op.outcome()) {
        case OK -> {
          ok++;
          latency.recordValue(Math.max(0, op.completeNanos() - op.invokeNanos()));
          if (!op.call().isRead()) {
            writeCompletions.add(op.completeNanos());
          }
        }
        case FAIL -> fail++;
        case UNKNOWN -> unknown++;
      }
    }
    writeCompletions.sort(null);
    long longest = 0;
    long previous = startNanos;
    for (long t : writeCompletions) {
      if (t >= startNanos && t <= endNanos) {
        longest = Math.max(longest, t - previous);
        previous = t;
      }
    }
    longest = Math.max(longest, endNanos - previous);
    return new HistoryStats(history.operations().size(), ok, fail, unknown,
        ok == 0 ? 0 : latency.getValueAtPercentile(50) / 1e6, ok == 0 ? 0 : latency.getValueAtPercentile(99) / 1e6,
        longest / 1_000_000);
  }
}
