package io.raftkv.bench;

import io.raftkv.cli.bench.BenchConfig;
import io.raftkv.cli.bench.BenchReport;
import io.raftkv.cli.bench.BenchTarget;
import io.raftkv.cli.bench.ExternalBench;
import io.raftkv.cli.bench.TargetKind;
import io.raftkv.cli.bench.Workload;
import io.raftkv.cli.client.DurationConverter;
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
 * {@code bench}: {@code raftkv bench} with a second target. raftkv-cli's {@code BenchCommand} only knows the
 * targets of its own {@code TargetKind}, so this command repeats its options and hands the run to the same
 * {@code BenchRunner} (through {@link ExternalBench}); closed/open loop, preload, statistics and the report
 * are the load tool's own. Exit 0 when the run completed, 2 on bad options, 3 when the preload or every
 * operation failed.
 */
@Command(name = "bench", sortOptions = false, mixinStandardHelpOptions = true,
    description = "Load-test RaftKV or etcd and report throughput and latency percentiles.")
final class LoadCommand implements Callable<Integer> {

  @Spec
  CommandSpec spec;

  @Option(names = "--target", defaultValue = "raftkv", description = "System to drive: ${COMPLETION-CANDIDATES}.")
  Target target;

  @Option(names = "--endpoints", split = ",", paramLabel = "URL",
      description = "Comma-separated client endpoints (default: the target's local defaults).")
  List<String> endpoints;

  @Option(names = "--workload", defaultValue = "put", description = "put, get, mixed or txn (default: ${DEFAULT-VALUE}).")
  Workload workload;

  @Option(names = "--read-ratio", defaultValue = "0.9", description = "Share of gets in 'mixed' (default: ${DEFAULT-VALUE}).")
  double readRatio;

  @Option(names = "--serializable", description = "Gets without a quorum check (default: linearizable).")
  boolean serializable;

  @Option(names = "--clients", defaultValue = "1", description = "Independent clients (default: ${DEFAULT-VALUE}).")
  int clients;

  @Option(names = "--connections", defaultValue = "1",
      description = "Connections per endpoint per client; etcd: jetcd always uses one channel (default: ${DEFAULT-VALUE}).")
  int connections;

  @Option(names = "--inflight", defaultValue = "16",
      description = "Requests in flight per connection (HTTP/2 or gRPC streams) (default: ${DEFAULT-VALUE}).")
  int inflight;

  @Option(names = "--http1", description = "RaftKV only: HTTP/1.1 keep-alive instead of HTTP/2.")
  boolean http1;

  @Option(names = "--value-size", defaultValue = "256", description = "Value bytes (default: ${DEFAULT-VALUE}).")
  int valueSize;

  @Option(names = "--keys", defaultValue = "1000", description = "Distinct keys (default: ${DEFAULT-VALUE}).")
  int keys;

  @Option(names = "--duration", converter = DurationConverter.class, paramLabel = "DURATION",
      description = "Run length, e.g. 30s (default 10s unless --total is given).")
  Duration duration;

  @Option(names = "--warmup", converter = DurationConverter.class, paramLabel = "DURATION",
      description = "Unmeasured load first, same workload and clients, e.g. 5s (default none).")
  Duration warmup;

  @Option(names = "--total", defaultValue = "0", description = "Run exactly this many operations instead.")
  long total;

  @Option(names = "--rate", defaultValue = "0", description = "Open loop at this many operations per second (default: closed loop).")
  double rate;

  @Option(names = "--timeout", defaultValue = "5s", converter = DurationConverter.class,
      description = "Per-request timeout (default: ${DEFAULT-VALUE}).")
  Duration timeout;

  @Option(names = "--json", description = "Print the report as JSON.")
  boolean json;

  @Override
  public Integer call() throws InterruptedException {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    BenchConfig config;
    try {
      if (http1 && target == Target.ETCD) {
        throw new IllegalArgumentException("--http1 applies to RaftKV only (etcd speaks gRPC over HTTP/2)");
      }
      Duration runFor = duration == null && total <= 0 ? Duration.ofSeconds(10) : duration;
      // BenchConfig.target only names the report; ExternalBench.run renames it after the real target.
      config = new BenchConfig(TargetKind.RAFTKV, endpoints == null ? target.defaultEndpoints : endpoints,
          workload, readRatio, serializable, clients, connections, inflight, http1, valueSize, keys, runFor, total,
          rate, timeout);
    } catch (IllegalArgumentException e) {
      err.println(spec.qualifiedName() + ": " + e.getMessage());
      err.flush();
      return 2;
    }
    List<BenchTarget> targets = new ArrayList<>();
    Map<String, Long> revisions = ExternalBench.newRevisionCache();
    try {
      for (int i = 0; i < config.clients(); i++) {
        targets.add(target.create(config, revisions));
      }
      ExternalBench.warmUp(config, warmup, targets);
      BenchReport report = ExternalBench.run(config, targets, err, target.toString());
      out.print(json ? report.toJson() + System.lineSeparator() : report.toText());
      out.flush();
      if (report.ops() == 0 && report.errors() > 0) {
        err.println(spec.qualifiedName() + ": all " + report.errors() + " operations failed: " + report.errorsByKind());
        err.flush();
        return 3;
      }
      return 0;
    } catch (IllegalArgumentException e) {
      err.println(spec.qualifiedName() + ": " + e.getMessage());
      err.flush();
      return 2;
    } catch (IllegalStateException e) {
      err.println(spec.qualifiedName() + ": " + String.valueOf(e.getMessage()).replace('\n', ' '));
      err.flush();
      return 3;
    } finally {
      targets.forEach(BenchTarget::close);
    }
  }
}
