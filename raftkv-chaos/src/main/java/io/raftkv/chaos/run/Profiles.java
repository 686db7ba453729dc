package io.raftkv.chaos.run;

import io.raftkv.chaos.nemesis.NemesisCatalog;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;

/**
 * The run matrices.
 *
 * <p>{@code quick} (the default, run by {@code mvn test}): 3 nodes; kill-leader/register,
 * pause-leader/set, partition-leader/bank, loss-2/register, membership/set, 30 s each, and
 * kill-random/watch, 20 s;
 * {@code raftkv.chaos.nemeses} keeps only the runs of the nemeses it lists.
 *
 * <p>{@code long} ({@code -Draftkv.chaos.profile=long}): 3 and 5 nodes, every nemesis, several
 * seeds. By default each (seed, nodes, nemesis) runs one workload, rotating through register, set
 * and bank so that with the default 3 seeds every workload meets every nemesis on some size;
 * {@code -Draftkv.chaos.matrix=full} runs every workload with every nemesis. Knobs:
 * {@code raftkv.chaos.seeds} (default 3), {@code raftkv.chaos.duration} seconds (default 180),
 * {@code raftkv.chaos.nodes} (default "3,5"), {@code raftkv.chaos.nemeses} and
 * {@code raftkv.chaos.workloads} (comma lists filtering the matrix), {@code raftkv.chaos.seed} (first
 * seed, default 1). Besides the rotation, every (seed, nodes) gets watch runs under
 * {@link #WATCH_NEMESES} (kill, pause, partition); {@code raftkv.chaos.workloads=watch} keeps only those.
 */
public final class Profiles {

  /** The faults the watch runs of the long profile meet: kill, pause and partition. */
  public static final List<String> WATCH_NEMESES = List.of("kill-random", "pause-random", "partition-leader");

  /** The quick profile's watch run is shorter than the others: it adds to every {@code mvn verify}. */
  private static final Duration QUICK_WATCH = Duration.ofSeconds(20);

  private Profiles() {}

  /** The profile named by {@code raftkv.chaos.profile}: quick unless it says long. */
  public static String active() {
    return System.getProperty("raftkv.chaos.profile", "quick").strip().toLowerCase(java.util.Locale.ROOT);
  }

  public static List<RunConfig> quick() {
    return quick(System.getProperties());
  }

  /** The quick matrix with knobs read from {@code p}. */
  public static List<RunConfig> quick(Properties p) {
    Duration d = Duration.ofSeconds(Long.parseLong(p.getProperty("raftkv.chaos.duration", "30")));
    long seed = Long.parseLong(p.getProperty("raftkv.chaos.seed", "1"));
    List<RunConfig> all = List.of(
        RunConfig.of(3, "kill-leader", "register", d, seed),
        RunConfig.of(3, "pause-leader", "set", d, seed),
        RunConfig.of(3, "partition-leader", "bank", d, seed),
        RunConfig.of(3, "loss-2", "register", d, seed),
        RunConfig.of(3, "membership", "set", d, seed),
        RunConfig.of(3, "kill-random", WorkloadCatalog.WATCH, d.compareTo(QUICK_WATCH) < 0 ? d : QUICK_WATCH, seed));
    List<String> nemeses = filter(all.stream().map(RunConfig::nemesis).toList(),
        p.getProperty("raftkv.chaos.nemeses", ""), "raftkv.chaos.nemeses");
    return all.stream().filter(c -> nemeses.contains(c.nemesis())).toList();
  }

  public static List<RunConfig> longProfile() {
    return longProfile(System.getProperties());
  }

  /** The long matrix with knobs read from {@code p}. */
  public static List<RunConfig> longProfile(Properties p) {
    Duration d = Duration.ofSeconds(Long.parseLong(p.getProperty("raftkv.chaos.duration", "180")));
    int seeds = Integer.parseInt(p.getProperty("raftkv.chaos.seeds", "3"));
    long firstSeed = Long.parseLong(p.getProperty("raftkv.chaos.seed", "1"));
    boolean full = "full".equals(p.getProperty("raftkv.chaos.matrix", ""));
    List<Integer> sizes = Arrays.stream(p.getProperty("raftkv.chaos.nodes", "3,5").split(","))
        .map(String::strip).map(Integer::parseInt).toList();
    List<String> nemeses = filter(NemesisCatalog.NAMES.stream().filter(n -> !n.equals("none")).toList(),
        p.getProperty("raftkv.chaos.nemeses", ""), "raftkv.chaos.nemeses");
    List<String> known = new ArrayList<>(WorkloadCatalog.NAMES);
    known.add(WorkloadCatalog.WATCH);
    List<String> chosen = filter(known, p.getProperty("raftkv.chaos.workloads", ""), "raftkv.chaos.workloads");
    List<String> workloads = chosen.stream().filter(w -> !w.equals(WorkloadCatalog.WATCH)).toList();
    List<String> watchNemeses = chosen.contains(WorkloadCatalog.WATCH)
        ? WATCH_NEMESES.stream().filter(nemeses::contains).toList() : List.of();
    List<RunConfig> runs = new ArrayList<>();
    int rotation = 0;
    for (long seed = firstSeed; seed < firstSeed + seeds; seed++) {
      for (int nodes : sizes) {
        for (String nemesis : workloads.isEmpty() ? List.<String>of() : nemeses) {
          if (full) {
            for (String w : workloads) {
              runs.add(RunConfig.of(nodes, nemesis, w, d, seed));
            }
          } else {
            runs.add(RunConfig.of(nodes, nemesis, workloads.get(rotation++ % workloads.size()), d, seed));
          }
        }
        for (String nemesis : watchNemeses) {
          runs.add(RunConfig.of(nodes, nemesis, WorkloadCatalog.WATCH, d, seed));
        }
      }
    }
    return runs;
  }

  private static List<String> filter(List<String> all, String value, String property) {
    if (value.isBlank()) {
      return all;
    }
    List<String> wanted = Arrays.stream(value.split(",")).map(String::strip).toList();
    for (String w : wanted) {
      if (!all.contains(w)) {
        throw new IllegalArgumentException(property + ": unknown '" + w + "'; known: " + all);
      }
    }
    return wanted;
  }
}
