package io.raftkv.cli.bench;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * One system {@code bench --target NAME} can drive, with what the command needs to know about it before
 * creating a client: its local default endpoints and request timeout, and whether {@code --http1} means
 * anything for it. raftkv-cli knows only RaftKV ({@link TargetKinds#builtIn()}); the bench jar adds etcd
 * (jetcd), so raftkv-cli never depends on jetcd.
 *
 * @param name the {@code --target} value, lower case
 * @param defaultEndpoints used when {@code --endpoints} is not given
 * @param defaultTimeout used when {@code --timeout} is not given
 * @param http1 whether the target can speak HTTP/1.1 ({@code --http1})
 * @param factory creates one client of the system
 */
public record TargetKind(String name, List<String> defaultEndpoints, Duration defaultTimeout, boolean http1,
    Factory factory) {

  /** Creates one target: one client with its own connections. */
  @FunctionalInterface
  public interface Factory {
    /**
     * @param knownRevisions shared by all targets of a run, so a CAS uses the newest revision any of them saw
     */
    BenchTarget create(BenchConfig config, Map<String, Long> knownRevisions);
  }

  public TargetKind {
    if (!name.equals(name.toLowerCase(Locale.ROOT)) || name.isBlank()) {
      throw new IllegalArgumentException("target names are non-empty lower case: " + name);
    }
    defaultEndpoints = List.copyOf(defaultEndpoints);
    Objects.requireNonNull(defaultTimeout, "defaultTimeout");
    Objects.requireNonNull(factory, "factory");
  }

  BenchTarget create(BenchConfig config, Map<String, Long> knownRevisions) {
    return factory.create(config, knownRevisions);
  }

  @Override
  public String toString() {
    return name;
  }
}
