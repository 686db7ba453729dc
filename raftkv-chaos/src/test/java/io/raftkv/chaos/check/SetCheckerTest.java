package io.raftkv.chaos.check;

import static org.assertj.core.api.Assertions.assertThat;

import io.raftkv.chaos.history.Call;
import io.raftkv.chaos.history.History;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Hand-made set histories: unique adds and read-alls. */
class SetCheckerTest {

  private static CheckResult check(History h) {
    return new LinearizabilityChecker(new SetModel()).check(h);
  }

  @Test
  void acknowledgedAddMissingFromTheFinalReadIsLost() {
    History h = new Histories()
        .add(1, "s", "x", 0, 10)
        .add(2, "s", "y", 0, 10)
        .readSet(3, "s", Set.of("x"), 20, 30)
        .build();
    CheckResult r = check(h);
    assertThat(r.verdict()).isEqualTo(Verdict.NOT_LINEARIZABLE);
    assertThat(r.violations().get(0).blockedReason()).contains("missing [y]");
  }

  @Test
  void elementNeverAddedIsAPhantom() {
    History h = new Histories()
        .add(1, "s", "x", 0, 10)
        .readSet(3, "s", Set.of("x", "ghost"), 20, 30)
        .build();
    CheckResult r = check(h);
    assertThat(r.verdict()).isEqualTo(Verdict.NOT_LINEARIZABLE);
    assertThat(r.violations().get(0).blockedReason()).contains("never added: [ghost]");
  }

  @Test
  void elementSeenThenGoneIsStale() {
    History h = new Histories()
        .add(1, "s", "x", 0, 100)
        .readSet(2, "s", Set.of("x"), 10, 20)
        .readSet(3, "s", Set.of(), 30, 40)
        .build();
    assertThat(check(h).verdict()).isEqualTo(Verdict.NOT_LINEARIZABLE);
  }

  @Test
  void readsConcurrentWithAddsMaySeeThemOrNot() {
    History h = new Histories()
        .add(1, "s", "x", 0, 50)
        .add(2, "s", "y", 0, 50)
        .readSet(3, "s", Set.of("y"), 10, 20)
        .readSet(4, "s", Set.of("x", "y"), 15, 25)
        .readSet(3, "s", Set.of("x", "y"), 60, 70)
        .build();
    assertThat(check(h).verdict()).isEqualTo(Verdict.LINEARIZABLE);
  }

  @Test
  void unknownAddsMayOrMayNotHaveHappened() {
    History h = new Histories()
        .unknown(1, new Call.SetAdd("s", "applied"), 0, 10)
        .unknown(2, new Call.SetAdd("s", "lost"), 0, 10)
        .fail(3, new Call.SetAdd("s", "refused"), 0, 10)
        .readSet(4, "s", Set.of(), 5, 6)
        .readSet(4, "s", Set.of("applied"), 100, 110)
        .build();
    CheckResult r = check(h);
    assertThat(r.verdict()).isEqualTo(Verdict.LINEARIZABLE);
    assertThat(r.partitions().get(0).pruned()).isEqualTo(1);
    assertThat(r.partitions().get(0).linearization()).extracting(o -> o.id())
        .containsExactly(3L, 0L, 4L);
  }

  @Test
  void failedAddThatShowsUpIsAViolation() {
    History h = new Histories()
        .fail(1, new Call.SetAdd("s", "refused"), 0, 10)
        .readSet(4, "s", Set.of("refused"), 100, 110)
        .build();
    assertThat(check(h).verdict()).isEqualTo(Verdict.NOT_LINEARIZABLE);
  }

  @Test
  void setsAreCheckedIndependently() {
    History h = new Histories()
        .add(1, "a", "x", 0, 10)
        .add(1, "b", "x", 20, 30)
        .readSet(2, "a", Set.of("x"), 40, 50)
        .readSet(2, "b", Set.of(), 40, 50)
        .build();
    CheckResult r = check(h);
    assertThat(r.violations()).extracting(Violation::partition).containsExactly("b");
  }
}
