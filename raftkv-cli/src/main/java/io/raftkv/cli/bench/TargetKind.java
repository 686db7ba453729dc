package io.raftkv.cli.bench;

import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The systems {@code raftkv bench --target} can drive. */
public enum TargetKind {

  RAFTKV {
    @Override
    BenchTarget create(BenchConfig config, Map<String, Long> knownRevisions) {
      return new RaftKvTarget(config, knownRevisions);
    }
  };

  /**
   * One target (one client with its own connections). {@code knownRevisions} is shared by all targets of a
   * run so a CAS uses the newest revision any of them saw.
   */
  abstract BenchTarget create(BenchConfig config, Map<String, Long> knownRevisions);

  static Map<String, Long> newRevisionCache() {
    return new ConcurrentHashMap<>();
  }

  @Override
  public String toString() {
    return name().toLowerCase(Locale.ROOT);
  }
}
