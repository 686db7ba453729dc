package io.raftkv.bench;

import io.raftkv.cli.bench.BenchConfig;
import io.raftkv.cli.bench.BenchTarget;
import io.raftkv.cli.bench.ExternalBench;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The systems {@link BenchMain} can drive, each with its default client endpoints. */
enum Target {

  RAFTKV(List.of("http://127.0.0.1:8081", "http://127.0.0.1:8082", "http://127.0.0.1:8083")) {
    @Override
    BenchTarget create(BenchConfig config, Map<String, Long> knownRevisions) {
      return ExternalBench.raftKvTarget(config, knownRevisions);
    }
  },

  ETCD(List.of("http://127.0.0.1:2379")) {
    @Override
    BenchTarget create(BenchConfig config, Map<String, Long> knownRevisions) {
      return new EtcdTarget(config.endpoints(), config.timeout(), knownRevisions);
    }
  };

  final List<String> defaultEndpoints;

  Target(List<String> defaultEndpoints) {
    this.defaultEndpoints = defaultEndpoints;
  }

  /** One client of this system with its own connections; {@code knownRevisions} is shared by a run's clients. */
  abstract BenchTarget create(BenchConfig config, Map<String, Long> knownRevisions);

  @Override
  public String toString() {
    return name().toLowerCase(Locale.ROOT);
  }
}
