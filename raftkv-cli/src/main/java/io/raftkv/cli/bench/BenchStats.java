package io.raftkv.cli.bench;

import io.raftkv.client.BadRequestException;
import io.raftkv.client.KeyNotFoundException;
import io.raftkv.client.OutcomeUnknownException;
import io.raftkv.client.PreconditionFailedException;
import io.raftkv.client.TooManyRequestsException;
import io.raftkv.client.UnavailableException;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Counters and latency histograms of a run, recorded from the clients' event loop threads.
 *
 * <p>Latencies of completed operations (OK, MISS, CONFLICT) go into an HdrHistogram {@link Recorder} in
 * microseconds; failed operations are counted by kind, not timed. Only the reporting thread calls
 * {@link #takeInterval()}, which moves the interval's histogram into the cumulative one.
 */
final class BenchStats {

  /** Longest latency tracked exactly: 5 minutes; longer ones are clamped (and show up as the max). */
  static final long MAX_TRACKED_MICROS = TimeUnit.MINUTES.toMicros(5);

  private final Recorder recorder = new Recorder(MAX_TRACKED_MICROS, 3);
  private final Histogram cumulative = new Histogram(MAX_TRACKED_MICROS, 3);
  private final LongAdder ok = new LongAdder();
  private final LongAdder misses = new LongAdder();
  private final LongAdder conflicts = new LongAdder();
  private final LongAdder errors = new LongAdder();
  private final Map<String, LongAdder> errorsByKind = new ConcurrentHashMap<>();
  private Histogram recycled;

  void recordOutcome(BenchTarget.Outcome outcome, long latencyNanos) {
    long micros = Math.max(1, Math.min(MAX_TRACKED_MICROS, TimeUnit.NANOSECONDS.toMicros(latencyNanos)));
    recorder.recordValue(micros);
    switch (outcome) {
      case OK -> ok.increment();
      case MISS -> misses.increment();
      case CONFLICT -> conflicts.increment();
    }
  }

  void recordError(Throwable error) {
    errors.increment();
    errorsByKind.computeIfAbsent(kind(error), k -> new LongAdder()).increment();
  }

  /** Moves the latencies recorded since the last call into the cumulative histogram and returns them. */
  synchronized Histogram takeInterval() {
    Histogram interval = recorder.getIntervalHistogram(recycled);
    cumulative.add(interval);
    recycled = interval;
    return interval;
  }

  synchronized Histogram cumulative() {
    return cumulative.copy();
  }

  long completed() {
    return ok.sum() + misses.sum() + conflicts.sum();
  }

  long ok() {
    return ok.sum();
  }

  long misses() {
    return misses.sum();
  }

  long conflicts() {
    return conflicts.sum();
  }

  long errors() {
    return errors.sum();
  }

  Map<String, Long> errorsByKind() {
    Map<String, Long> result = new TreeMap<>();
    errorsByKind.forEach((k, v) -> result.put(k, v.sum()));
    return result;
  }

  /** A short, stable name for an error, for the "errors by kind" table. */
  static String kind(Throwable error) {
    Throwable t = error;
    while (t instanceof CompletionException && t.getCause() != null) {
      t = t.getCause();
    }
    if (t instanceof UnavailableException) {
      return "unavailable";
    } else if (t instanceof OutcomeUnknownException) {
      return "outcome-unknown";
    } else if (t instanceof TooManyRequestsException) {
      return "too-many-requests";
    } else if (t instanceof PreconditionFailedException) {
      return "precondition-failed";
    } else if (t instanceof KeyNotFoundException) {
      return "not-found";
    } else if (t instanceof BadRequestException) {
      return "bad-request";
    }
    return t.getClass().getSimpleName();
  }
}
