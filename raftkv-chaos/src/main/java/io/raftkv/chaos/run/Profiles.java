package io.raftkv.chaos.run;

import io.raftkv.chaos.nemesis.NemesisCatalog;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The run matrices.
 *
 * <p>{@code quick} (the default, run by {@code mvn test}): 3 nodes; kill-leader/register,
 * pause-leader/set, partition-leader/bank, loss-2/register; 30 s each.
 *
 * <p>{@code long} ({@code -Draftkv.chaos.profile=long}): 3 and 5 nodes, every nemesis, several
 * seeds. By default each (nodes, nemesis) pair runs one workload, rotating through register, set
 * and bank so that every workload meets every nemesis across the two sizes;
 * {@code -Draftkv.chaos.matrix=full} runs every workload with every nemesis. Knobs:
 * {@code raftkv.chaos.seeds} (default 3), {@code raftkv.chaos.duration} seconds (default 180),
 * {@code raftkv.chaos.nodes} (default "3,5"), {@code raftkv.chaos.nemeses} and
 * {@code raftkv.chaos.workloads} (comma lists filtering the matrix), {@code raftkv.chaos.seed} (first
 * seed, default 1).
 */
public final class Profiles {

  private Profiles() {}

  /** The profile named by {@code raftkv.chaos.profile}: quick unless it says long. */
  public static String active() {
    return System.getProperty("raftkv.chaos.profile", "quick").strip().toLowerCase(java.util.Locale.ROOT);
  }

  public static List<RunConfig> quick() {
    Duration d = Duration.ofSeconds(Long.getLong("raftkv.chaos.duration", 30));
    long seed = Long.getLong("raftkv.chaos.seed", 1);
    return List.of(
        RunConfig.of(3, "kill-leader", "register", d, seed),
        RunConfig.of(3, "pause-leader", "set", d, seed),
        RunConfig.of(3, "partition-leader", "bank", d, seed),
        RunConfig.of(3, "loss-2", "register", d, seed));
  }

  public static List<RunConfig> longProfile() {
    Duration d = Duration.ofSeconds(Long.getLong("raftkv.chaos.duration", 180));
    int seeds = Integer.getInteger("raftkv.chaos.seeds", 3);
    long firstSeed = Long.getLong("raftkv.chaos.seed", 1);
    boolean full = "full".equals(System.getProperty("raftkv.chaos.matrix", ""));
    List<Integer> sizes = Arrays.stream(System.getProperty("raftkv.chaos.nodes", "3,5").split(","))
        .map(String::strip).map(Integer::parseInt).toList();
    List<String> nemeses = filter(NemesisCatalog.NAMES.stream().filter(n -> !n.equals("none")).toList(),
        "raftkv.chaos.nemeses");
    List<String> workloads = filter(WorkloadCatalog.NAMES, "raftkv.chaos.workloads");
    List<RunConfig> runs = new ArrayList<>();
    int rotation = 0;
    for (long seed = firstSeed; seed < firstSeed + seeds; seed++) {
      for (int nodes : sizes) {
        for (String nemesis : nemeses) {
          if (full) {
            for (String w : workloads) {
              runs.add(RunConfig.of(nodes, nemesis, w, d, seed));
            }
          } else {
            runs.add(RunConfig.of(nodes, nemesis, workloads.get(rotation++ % workloads.size()), d, seed));
          }
        }
      }
    }
    return runs;
  }

  private static List<String> filter(List<String> all, String property) {
    String p = System.getProperty(property, "").strip();
    if (p.isEmpty()) {
      return all;
    }
    List<String> wanted = Arrays.stream(p.split(",")).map(String::strip).toList();
    for (String w : wanted) {
      if (!all.contains(w)) {
        throw new IllegalArgumentException(property + ": unknown '" + w + "'; known: " + all);
      }
    }
    return wanted;
  }
}
