package io.raftkv.chaos.run;

import java.time.Duration;
import java.util.List;

/**
 * One chaos run: a cluster size, a nemesis, a workload, a duration and a seed.
 *
 * @param nodes cluster size
 * @param nemesis a name from {@link io.raftkv.chaos.nemesis.NemesisCatalog#NAMES}
 * @param workload register, set or bank
 * @param duration how long clients run
 * @param seed seeds every random choice of clients and nemesis (thread interleaving is not seeded)
 * @param clients concurrent client threads
 * @param quiet pause between faults
 * @param hold how long each fault lasts
 * @param requestTimeout client-side timeout of one HTTP attempt
 * @param electionTimeoutMs server {@code --election-timeout-ms}
 * @param heartbeatMs server {@code --heartbeat-ms}
 * @param extraServerArgs extra server flags, e.g. {@code --unsafe-local-reads}
 */
public record RunConfig(int nodes, String nemesis, String workload, Duration duration, long seed, int clients,
    Duration quiet, Duration hold, Duration requestTimeout, long electionTimeoutMs, long heartbeatMs,
    List<String> extraServerArgs) {

  public RunConfig {
    extraServerArgs = List.copyOf(extraServerArgs);
  }

  /** Defaults for a run: 5 clients, 3 s quiet, 4 s faults (several election timeouts), 1.5 s client timeout. */
  public static RunConfig of(int nodes, String nemesis, String workload, Duration duration, long seed) {
    return new RunConfig(nodes, nemesis, workload, duration, seed, 5, Duration.ofSeconds(3), Duration.ofSeconds(4),
        Duration.ofMillis(1500), 300, 60, List.of("--request-timeout-ms", "1000"));
  }

  public RunConfig withExtraServerArgs(List<String> args) {
    List<String> all = new java.util.ArrayList<>(extraServerArgs);
    all.addAll(args);
    return new RunConfig(nodes, nemesis, workload, duration, seed, clients, quiet, hold, requestTimeout,
        electionTimeoutMs, heartbeatMs, all);
  }

  public RunConfig withTiming(Duration quiet, Duration hold) {
    return new RunConfig(nodes, nemesis, workload, duration, seed, clients, quiet, hold, requestTimeout,
        electionTimeoutMs, heartbeatMs, extraServerArgs);
  }

  /** A file-name-safe label, e.g. {@code 3n-kill-leader-register-s42}. */
  public String label() {
    return nodes + "n-" + nemesis + "-" + workload + "-s" + seed;
  }
}
