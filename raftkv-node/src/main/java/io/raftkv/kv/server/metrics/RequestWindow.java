package io.raftkv.kv.server.metrics;

import io.raftkv.kv.http.HttpObserver;
import java.util.function.LongSupplier;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * The node's HTTP request rate and 99th-percentile latency over a recent window of about
 * {@link #WINDOW_NANOS}, for the dashboard's status ticks (the Prometheus histograms of {@link NodeMetrics}
 * have fixed buckets and count since start; this answers "how is it now").
 *
 * <p>Requests are recorded on the network threads into an HdrHistogram {@link Recorder} (wait-free for
 * writers). {@link #current()} rotates the window when it is at least {@link #WINDOW_NANOS} old and
 * answers the last completed window, so every reader sees the same numbers for a window and readers do
 * not reset each other's. Invariant: {@code last} describes the window that ended at {@code windowStart}.
 */
public final class RequestWindow implements HttpObserver {

  /** Length of a window. */
  public static final long WINDOW_NANOS = 1_000_000_000L;

  /** Requests per second and p99 in milliseconds over the last completed window. */
  public record Rates(double requestsPerSec, double p99Millis) {}

  private final LongSupplier nanoClock;
  /** Microseconds; auto-resizing, 2 significant digits. */
  private final Recorder recorder = new Recorder(2);
  private Histogram spare;
  private long windowStart;
  private Rates last = new Rates(0, 0);

  public RequestWindow(LongSupplier nanoClock) {
    this.nanoClock = nanoClock;
    this.windowStart = nanoClock.getAsLong();
  }

  @Override
  public void observe(String route, String method, int status, long nanos) {
    recorder.recordValue(Math.max(0, nanos / 1000));
  }

  /** The last completed window's rates (rotating first if the current window is old enough). */
  public synchronized Rates current() {
    long now = nanoClock.getAsLong();
    long elapsed = now - windowStart;
    if (elapsed >= WINDOW_NANOS) {
      Histogram h = recorder.getIntervalHistogram(spare);
      double seconds = elapsed / 1e9;
      last = new Rates(h.getTotalCount() / seconds,
          h.getTotalCount() == 0 ? 0 : h.getValueAtPercentile(99) / 1000.0);
      spare = h;
      windowStart = now;
    }
    return last;
  }
}
