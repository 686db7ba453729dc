package io.raftkv.chaos.check;

import static org.assertj.core.api.Assertions.assertThat;

import io.raftkv.chaos.history.History;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The size the chaos suite produces: ~10,000 operations over 10 keys from 10 clients, with
 * timeouts. The verdict must be reached within the default budget (so not UNKNOWN); the time is
 * printed for the record, not asserted, because the machine is shared.
 */
class CheckerPerformanceTest {

  private final LinearizabilityChecker checker = new LinearizabilityChecker(new RegisterModel());

  private static History tenThousandOps(double unknownRate) {
    return RegisterSimulator.generate(
        new RegisterSimulator.Params(10, 10, 10_000, unknownRate, 0.02, 50), 20261126L);
  }

  @Test
  void tenThousandOperationsPass() {
    for (double unknownRate : new double[] {0.0, 0.02, 0.10}) {
      History h = tenThousandOps(unknownRate);
      CheckResult r = checker.check(h);
      System.out.printf("checker: %d ops, 10 keys, 10 clients, %.0f%% unknown: %s in %d ms, %d states%n",
          h.operations().size(), unknownRate * 100, r.verdict(), r.elapsed().toMillis(),
          r.partitions().stream().mapToLong(PartitionResult::states).sum());
      assertThat(r.verdict()).as(() -> r.render(0, true)).isEqualTo(Verdict.LINEARIZABLE);
    }
  }

  /**
   * Worst case for the search: all 10 clients contend on one key, with latencies 20 times the
   * gap between invocations, so every operation overlaps ~10 others.
   */
  @Test
  void oneHotKeyWithLongLatenciesPasses() {
    History h = RegisterSimulator.generate(
        new RegisterSimulator.Params(1, 10, 10_000, 0.05, 0.02, 200), 7L);
    CheckResult r = checker.check(h);
    System.out.printf("checker: %d ops, 1 key, 10 clients, 5%% unknown: %s in %d ms, %d states%n",
        h.operations().size(), r.verdict(), r.elapsed().toMillis(), r.partitions().get(0).states());
    assertThat(r.verdict()).as(() -> r.render(0, true)).isEqualTo(Verdict.LINEARIZABLE);
  }

  @Test
  void tenThousandOperationsWithOneAnomalyFail() {
    History h = tenThousandOps(0.02);
    for (Anomalies.Kind kind : Anomalies.Kind.values()) {
      Anomalies.Injected bad = Anomalies.inject(h, kind, new Random(kind.ordinal()));
      CheckResult r = checker.check(bad.history());
      System.out.printf("checker: %d ops with %s: %s in %d ms%n", bad.history().operations().size(),
          bad.kind(), r.verdict(), r.elapsed().toMillis());
      assertThat(r.verdict()).as(bad.description()).isEqualTo(Verdict.NOT_LINEARIZABLE);
      assertThat(r.violations()).extracting(Violation::partition).containsExactly(bad.key());
    }
  }
}
