package io.raftkv.raft.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.raftkv.raft.Mutation;
import java.util.Comparator;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Mutation tests for the simulator itself: with each {@link Mutation} (a broken vote or commit rule)
 * switched on, the randomized simulation must report a safety violation within the default seed budget.
 * Seeds are searched in blocks in parallel, and the lowest failing seed is reported, so the result is
 * deterministic.
 */
class MutationTest {

  private static final int BLOCK = 32;

  static String replay(Mutation bug, long seed) {
    return "mvn -o -pl raft-core -am test -Dsurefire.failIfNoSpecifiedTests=false -Dtest='MutationTest' -Draftkv.sim.mutation=" + bug + " -Draftkv.sim.seed=" + seed;
  }

  @ParameterizedTest
  @EnumSource(Mutation.class)
  void simulatorCatchesMutation(Mutation bug) {
    String only = System.getProperty("raftkv.sim.mutation");
    if (only != null && !only.isBlank() && !only.equals(bug.name())) {
      return;
    }
    SimulationFailure f = search(bug, true);
    assertThat(f.invariant()).as("a safety check, not liveness or an exception, catches " + bug)
        .isNotIn("Liveness", "Core Exception");
  }

  /**
   * Asynchronous storage writes: a driver that sends a Ready's acknowledgements when its own write
   * finished, while an earlier Ready's write is still pending, promises entries that are not durable; the
   * persist-before-send check must catch it within the seed budget.
   */
  @Test
  void simulatorCatchesAcknowledgementsAheadOfAnEarlierReadysWrite() {
    long budget = Long.getLong("raftkv.sim.seeds", 2000);
    Optional<SimulationFailure> caught = Optional.empty();
    for (long block = 0; block < budget && caught.isEmpty(); block += BLOCK) {
      ConcurrentLinkedQueue<SimulationFailure> failures = new ConcurrentLinkedQueue<>();
      LongStream.range(block, Math.min(budget, block + BLOCK)).parallel().forEach(seed -> {
        try {
          SimOptions options = RandomizedRun.options(seed, null, "broken ack order, seed " + seed).brokenAckOrder(true);
          RandomizedRun.run(options, seed, RandomizedSimulationTest.FAULT_PHASE_MS);
        } catch (SimulationFailure f) {
          failures.add(f);
        }
      });
      caught = failures.stream().min(Comparator.comparingLong(SimulationFailure::seed));
    }
    assertThat(caught).as("acknowledgements out of order must be detected within " + budget + " seeds").isPresent();
    System.out.printf("broken acknowledgement order caught by '%s' at seed %d%n", caught.get().invariant(),
        caught.get().seed());
    assertThat(caught.get().invariant()).isEqualTo("Persist Before Send");
  }

  /**
   * Opt-in ({@code -Draftkv.sim.endToEnd=true}): the Figure 8 bug with the Leader Commit Rule check off,
   * so only end-to-end properties (State Machine Safety, Leader Completeness, acknowledged writes) can
   * catch it. It needs a rarer interleaving, hence a larger budget ({@code raftkv.sim.seeds}).
   */
  @Test
  void figure8BugCaughtEndToEnd() {
    assumeTrue(Boolean.getBoolean("raftkv.sim.endToEnd"), "opt-in: -Draftkv.sim.endToEnd=true");
    SimulationFailure f = search(Mutation.COMMIT_OLD_TERM_ENTRIES, false);
    assertThat(f.invariant()).isIn("State Machine Safety", "Leader Completeness", "Acknowledged Write Durability",
        "Log Matching", "ReadIndex Linearizability");
  }

  private static SimulationFailure search(Mutation bug, boolean checkCommitRule) {
    long budget = Long.getLong("raftkv.sim.seeds", 2000);
    long first = 0;
    String one = System.getProperty("raftkv.sim.seed");
    if (one != null && !one.isBlank()) {
      first = Long.parseLong(one.trim());
      budget = 1;
    }
    long start = System.nanoTime();
    Optional<SimulationFailure> caught = Optional.empty();
    long searched = 0;
    for (long block = first; block < first + budget && caught.isEmpty(); block += BLOCK) {
      long end = Math.min(first + budget, block + BLOCK);
      ConcurrentLinkedQueue<SimulationFailure> failures = new ConcurrentLinkedQueue<>();
      LongStream.range(block, end).parallel().forEach(seed -> {
        try {
          SimOptions options = RandomizedRun.options(seed, bug, replay(bug, seed)).checkCommitRule(checkCommitRule);
          RandomizedRun.run(options, seed, RandomizedSimulationTest.FAULT_PHASE_MS);
        } catch (SimulationFailure f) {
          failures.add(f);
        }
      });
      searched = end - first;
      caught = failures.stream().min(Comparator.comparingLong(SimulationFailure::seed));
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    assertThat(caught).as(bug + " must be detected within " + budget + " seeds").isPresent();
    SimulationFailure f = caught.get();
    System.out.printf("mutation %s%s caught by '%s' at seed %d (%d seeds searched, %.1f s): %s%n", bug,
        checkCommitRule ? "" : " (end-to-end checks only)", f.invariant(), f.seed(), searched, seconds,
        f.getMessage().lines().skip(1).findFirst().orElse("").trim());
    if (budget == 1) {
      System.out.println(f.getMessage());
    }
    return f;
  }
}
