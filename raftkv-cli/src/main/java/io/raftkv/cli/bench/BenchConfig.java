package io.raftkv.cli.bench;

import java.time.Duration;
import java.util.List;

/**
 * The settings of one bench run.
 *
 * <p>Invariants: exactly one of {@code duration} (non-null) and {@code total} (&gt; 0) bounds the run;
 * {@code rate == 0} means closed loop (each slot sends its next request when the previous one completes),
 * otherwise open loop at {@code rate} requests per second in total.
 *
 * @param target system to drive
 * @param endpoints its client endpoints
 * @param workload operation mix
 * @param readRatio fraction of gets in {@link Workload#MIXED}, 0..1
 * @param serializable serve gets without a quorum check
 * @param clients independent clients, each with its own connections
 * @param connections connections per endpoint per client
 * @param inflight concurrent HTTP/2 streams per connection (1 with HTTP/1.1)
 * @param http1 use HTTP/1.1 keep-alive instead of HTTP/2
 * @param valueSize bytes per value
 * @param keys number of distinct keys, chosen uniformly
 * @param duration run length, or null when {@code total} bounds the run
 * @param total number of operations, or 0 when {@code duration} bounds the run
 * @param rate target operations per second (open loop), 0 for closed loop
 * @param timeout per-attempt request timeout
 */
public record BenchConfig(TargetKind target, List<String> endpoints, Workload workload, double readRatio,
    boolean serializable, int clients, int connections, int inflight, boolean http1, int valueSize, int keys,
    Duration duration, long total, double rate, Duration timeout) {

  public BenchConfig {
    endpoints = List.copyOf(endpoints);
    if ((duration == null) == (total <= 0)) {
      throw new IllegalArgumentException("give exactly one of --duration and --total");
    }
    if (readRatio < 0 || readRatio > 1) {
      throw new IllegalArgumentException("--read-ratio must be within 0..1: " + readRatio);
    }
    if (clients < 1 || connections < 1 || inflight < 1 || keys < 1) {
      throw new IllegalArgumentException("--clients, --connections, --inflight and --keys must be >= 1");
    }
    if (valueSize < 0) {
      throw new IllegalArgumentException("--value-size must be >= 0");
    }
    if (rate < 0) {
      throw new IllegalArgumentException("--rate must be >= 0");
    }
  }

  /** This run shape bounded by {@code length} instead (a warm-up before the measured run). */
  public BenchConfig lasting(Duration length) {
    return new BenchConfig(target, endpoints, workload, readRatio, serializable, clients, connections, inflight,
        http1, valueSize, keys, length, 0, rate, timeout);
  }

  /** Requests one client keeps in flight in closed loop: one per HTTP/1.1 connection or HTTP/2 stream to the endpoint it uses. */
  int slotsPerClient() {
    return connections * (http1 ? 1 : inflight);
  }

  /** The key for index {@code i}; fixed width so keys sort in index order (other tools address the same keys). */
  public static String key(int i) {
    if (i < 0) {
      throw new IllegalArgumentException("key index must be >= 0: " + i);
    }
    // "bench/key-%08d" without String.format, which costs the load tool a Formatter and a regex per request.
    String digits = Integer.toString(i);
    return digits.length() >= 8 ? "bench/key-" + digits : "bench/key-" + "00000000".substring(digits.length()) + digits;
  }
}
