package io.raftkv.cli.bench;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.util.Locale;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * The result of a run. Latencies are in milliseconds; in open loop they are measured from each request's
 * intended send time, so queueing behind a stall is included (no coordinated omission).
 *
 * @param target system driven
 * @param workload operation mix
 * @param openLoop whether requests were paced at a fixed rate
 * @param ops operations completed (ok + misses + conflicts)
 * @param ok operations done as asked
 * @param misses gets that found no key
 * @param conflicts CAS transactions that found another revision
 * @param errors failed operations
 * @param errorsByKind failed operations by kind
 * @param seconds measured wall time
 * @param throughput completed operations per second
 * @param latency latency percentiles of completed operations
 * @param client the load generator's own CPU and allocation per completed operation
 */
public record BenchReport(String target, String workload, boolean openLoop, long ops, long ok, long misses,
    long conflicts, long errors, Map<String, Long> errorsByKind, double seconds, double throughput,
    Latency latency, Client client) {

  public BenchReport {
    errorsByKind = Map.copyOf(errorsByKind);
  }

  /** Latency summary in milliseconds. */
  public record Latency(long count, double mean, double p50, double p90, double p99, double p999, double max) {

    static Latency of(Histogram h) {
      return new Latency(h.getTotalCount(), h.getMean() / 1000.0, ms(h, 50), ms(h, 90), ms(h, 99), ms(h, 99.9),
          h.getMaxValue() / 1000.0);
    }

    private static double ms(Histogram h, double percentile) {
      return h.getValueAtPercentile(percentile) / 1000.0;
    }
  }

  /**
   * The load generator's own cost per completed operation (all its threads: client library and bench
   * runner), -1 when the JVM cannot tell.
   *
   * @param cpuMicrosPerOp process CPU time per operation, in microseconds
   * @param allocatedBytesPerOp heap bytes allocated per operation
   */
  public record Client(double cpuMicrosPerOp, double allocatedBytesPerOp) {
  }

  public String toJson() {
    try {
      return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(this);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot render report", e);
    }
  }

  public String toText() {
    StringBuilder s = new StringBuilder();
    s.append(String.format(Locale.ROOT, "%s %s (%s loop): %d ops in %.2f s = %.1f ops/s%n", target, workload,
        openLoop ? "open" : "closed", ops, seconds, throughput));
    s.append(String.format(Locale.ROOT, "  ok %d, misses %d, conflicts %d, errors %d%n", ok, misses, conflicts,
        errors));
    s.append(String.format(Locale.ROOT,
        "  latency ms: p50 %.3f  p90 %.3f  p99 %.3f  p99.9 %.3f  max %.3f  mean %.3f%n",
        latency.p50(), latency.p90(), latency.p99(), latency.p999(), latency.max(), latency.mean()));
    s.append(String.format(Locale.ROOT, "  client: %.1f us CPU and %.0f bytes allocated per op%n",
        client.cpuMicrosPerOp(), client.allocatedBytesPerOp()));
    if (!errorsByKind.isEmpty()) {
      s.append("  errors by kind:");
      new java.util.TreeMap<>(errorsByKind).forEach((k, v) -> s.append(' ').append(k).append('=').append(v));
      s.append(System.lineSeparator());
    }
    return s.toString();
  }
}
