package io.raftkv.cli.bench;

import io.raftkv.cli.client.ClientDefaults;
import io.raftkv.cli.client.DurationConverter;
import io.raftkv.cli.client.ExitCodes;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code bench}: the one load generator, both {@code raftkv bench} and the bench jar's {@code bench}. The
 * systems it can drive come from a {@link TargetKinds} registry: raftkv-cli registers RaftKV, the bench jar
 * constructs this command with etcd added, so both entry points share options, runner and report. Progress
 * lines go to stderr each second; the final report (text, or JSON with --json) goes to stdout. Exit 0 when
 * the run completed (even with errors, which the report counts), 2 on bad options, 3 when the preload failed
 * or every operation failed.
 */
@Command(name = "bench", sortOptions = false,
    description = "Load-test a cluster and report throughput and latency percentiles.")
public final class BenchCommand implements Callable<Integer> {

  @Spec
  CommandSpec spec;

  private final TargetKinds kinds;

  @Option(names = "--target", defaultValue = "raftkv",
      description = "System to drive: raftkv; the bench jar adds etcd (default: ${DEFAULT-VALUE}).")
  String target;

  @Option(names = "--endpoints", split = ",", paramLabel = "URL",
      description = "Comma-separated client endpoints (default: the target's local cluster; for raftkv "
          + ClientDefaults.ENDPOINTS + ").")
  List<String> endpoints;

  @Option(names = "--workload", defaultValue = "put",
      description = "put, get, mixed or txn (compare-and-set) (default: ${DEFAULT-VALUE}).")
  Workload workload;

  @Option(names = "--read-ratio", defaultValue = "0.9", description = "Share of gets in 'mixed' (default: ${DEFAULT-VALUE}).")
  double readRatio;

  @Option(names = "--serializable", description = "Gets without a quorum check (default: linearizable).")
  boolean serializable;

  @Option(names = "--clients", defaultValue = "1", description = "Independent clients (default: ${DEFAULT-VALUE}).")
  int clients;

  @Option(names = "--connections", defaultValue = "1",
      description = "Connections per endpoint per client (default: ${DEFAULT-VALUE}).")
  int connections;

  @Option(names = "--inflight", defaultValue = "16",
      description = "Requests in flight per connection (HTTP/2 or gRPC streams) (default: ${DEFAULT-VALUE}).")
  int inflight;

  @Option(names = "--http1", description = "RaftKV only: HTTP/1.1 keep-alive (one request per connection at a time).")
  boolean http1;

  @Option(names = "--value-size", defaultValue = "256", description = "Value bytes (default: ${DEFAULT-VALUE}).")
  int valueSize;

  @Option(names = "--keys", defaultValue = "1000", description = "Distinct keys (default: ${DEFAULT-VALUE}).")
  int keys;

  @Option(names = "--duration", converter = DurationConverter.class, paramLabel = "DURATION",
      description = "Run length, e.g. 30s (default 10s unless --total is given).")
  Duration duration;

  @Option(names = "--total", defaultValue = "0", description = "Run exactly this many operations instead.")
  long total;

  @Option(names = "--warmup", converter = DurationConverter.class, paramLabel = "DURATION",
      description = "Unmeasured load first, same workload and clients, e.g. 5s (a fresh JVM runs interpreted "
          + "until the JIT compiled the hot paths; default none).")
  Duration warmup;

  @Option(names = "--rate", defaultValue = "0",
      description = "Open loop: operations per second in total, latency from intended send time (default: closed loop).")
  double rate;

  @Option(names = "--timeout", converter = DurationConverter.class, paramLabel = "DURATION",
      description = "Per-attempt request timeout (default: the target's; for raftkv " + ClientDefaults.TIMEOUT + ").")
  Duration timeout;

  @Option(names = "--json", description = "Print the report as JSON.")
  boolean json;

  @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help message and exit.")
  boolean help;

  /** The command of {@code raftkv bench}: RaftKV only. */
  public BenchCommand() {
    this(TargetKinds.builtIn());
  }

  /** The command with every target of {@code kinds} (the bench jar passes RaftKV and etcd). */
  public BenchCommand(TargetKinds kinds) {
    this.kinds = kinds;
  }

  @Override
  public Integer call() throws InterruptedException {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    BenchConfig config;
    try {
      TargetKind kind = kinds.get(target);
      if (http1 && !kind.http1()) {
        throw new IllegalArgumentException("--http1 applies to RaftKV only (" + kind + " does not speak HTTP/1.1)");
      }
      Duration runFor = duration == null && total <= 0 ? Duration.ofSeconds(10) : duration;
      config = new BenchConfig(kind, endpoints == null ? kind.defaultEndpoints() : endpoints, workload, readRatio,
          serializable, clients, connections, inflight, http1, valueSize, keys, runFor, total, rate,
          timeout == null ? kind.defaultTimeout() : timeout);
    } catch (IllegalArgumentException e) {
      err.println(spec.qualifiedName() + ": " + e.getMessage());
      err.flush();
      return ExitCodes.USAGE;
    }
    List<BenchTarget> targets = new ArrayList<>();
    Map<String, Long> revisions = TargetKinds.newRevisionCache();
    try {
      for (int i = 0; i < config.clients(); i++) {
        targets.add(config.target().create(config, revisions));
      }
      BenchRunner.warmUp(config, warmup, targets);
      BenchReport report = new BenchRunner(config, targets, err).run();
      out.print(json ? report.toJson() + System.lineSeparator() : report.toText());
      out.flush();
      if (report.ops() == 0 && report.errors() > 0) {
        err.println(spec.qualifiedName() + ": all " + report.errors() + " operations failed: "
            + report.errorsByKind());
        err.flush();
        return ExitCodes.UNAVAILABLE;
      }
      return ExitCodes.OK;
    } catch (IllegalArgumentException e) {
      err.println(spec.qualifiedName() + ": " + e.getMessage());
      err.flush();
      return ExitCodes.USAGE;
    } catch (IllegalStateException e) {
      err.println(spec.qualifiedName() + ": " + e.getMessage().replace('\n', ' '));
      err.flush();
      return ExitCodes.UNAVAILABLE;
    } finally {
      targets.forEach(BenchTarget::close);
    }
  }
}
