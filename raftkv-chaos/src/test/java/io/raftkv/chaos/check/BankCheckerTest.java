package io.raftkv.chaos.check;

import static org.assertj.core.api.Assertions.assertThat;

import io.raftkv.chaos.history.Call;
import io.raftkv.chaos.history.History;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Hand-made bank histories: the total invariant and full linearizability. */
class BankCheckerTest {

  private static final Map<String, Long> OPENING = Map.of("a", 10L, "b", 10L, "c", 10L);

  private static CheckResult check(History h) {
    return new LinearizabilityChecker(new BankModel()).check(h);
  }

  @Test
  void changedTotalViolatesTheInvariant() {
    History h = new Histories()
        .init(0, OPENING, 0, 1)
        .transfer(1, "a", "b", 5, 10, 20)
        .readBank(2, Map.of("a", 5L, "b", 10L, "c", 10L), 30, 40)
        .build();
    CheckResult r = check(h);
    assertThat(r.verdict()).isEqualTo(Verdict.NOT_LINEARIZABLE);
    assertThat(r.invariantViolations()).singleElement().asString()
        .contains("read #2 sums to 25 but the bank total is 30");
    assertThat(r.render(0, false)).contains("invariant violated: read #2 sums to 25");
  }

  @Test
  void correctTotalButUnreachableBalancesIsNotLinearizable() {
    History h = new Histories()
        .init(0, OPENING, 0, 1)
        .transfer(1, "a", "b", 5, 10, 20)
        .readBank(2, Map.of("a", 0L, "b", 20L, "c", 10L), 30, 40)
        .build();
    CheckResult r = check(h);
    assertThat(r.invariantViolations()).isEmpty();
    assertThat(r.verdict()).isEqualTo(Verdict.NOT_LINEARIZABLE);
    assertThat(r.violations().get(0).blockedReason()).contains("{a=0, b=20, c=10}");
  }

  @Test
  void overdraftIsNotAllowedUnlessConfigured() {
    History h = new Histories()
        .init(0, OPENING, 0, 1)
        .transfer(1, "a", "b", 15, 10, 20)
        .readBank(2, Map.of("a", -5L, "b", 25L, "c", 10L), 30, 40)
        .build();
    CheckResult r = check(h);
    assertThat(r.verdict()).isEqualTo(Verdict.NOT_LINEARIZABLE);
    assertThat(r.invariantViolations()).singleElement().asString()
        .contains("read #2 shows a negative balance");
    assertThat(new LinearizabilityChecker(new BankModel(true)).check(h).verdict())
        .isEqualTo(Verdict.LINEARIZABLE);
  }

  @Test
  void concurrentTransfersInEitherOrderAndUnknownOnes() {
    History h = new Histories()
        .init(0, OPENING, 0, 1)
        .transfer(1, "a", "b", 3, 10, 50)
        .transfer(2, "b", "c", 4, 10, 50)
        .unknown(3, new Call.Transfer("c", "a", 1), 10, 20)
        .unknown(4, new Call.Transfer("c", "a", 2), 10, 20)
        .fail(5, new Call.Transfer("a", "c", 7), 10, 20)
        // Only b -> c has happened, and the unknown 1 from c.
        .readBank(6, Map.of("a", 11L, "b", 6L, "c", 13L), 20, 30)
        .readBank(6, Map.of("a", 8L, "b", 9L, "c", 13L), 60, 70)
        .build();
    CheckResult r = check(h);
    assertThat(r.verdict()).as(() -> r.render(0, true)).isEqualTo(Verdict.LINEARIZABLE);
  }

  @Test
  void historyWithoutInitIsRejectedAsAnInvariant() {
    History h = new Histories()
        .readBank(6, Map.of("a", 10L), 20, 30)
        .build();
    CheckResult r = check(h);
    assertThat(r.verdict()).isEqualTo(Verdict.NOT_LINEARIZABLE);
    assertThat(r.invariantViolations()).singleElement().asString()
        .contains("exactly one OK bank-init, found 0");
  }
}
