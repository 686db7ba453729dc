package io.raftkv.chaos.check;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.raftkv.chaos.history.Call;
import io.raftkv.chaos.history.History;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Hand-made register histories with a known answer. */
class RegisterCheckerTest {

  private static CheckResult check(History h) {
    return new LinearizabilityChecker(new RegisterModel()).check(h);
  }

  private static Violation onlyViolation(CheckResult r) {
    assertThat(r.verdict()).isEqualTo(Verdict.NOT_LINEARIZABLE);
    assertThat(r.violations()).hasSize(1);
    return r.violations().get(0);
  }

  @Nested
  class MustFail {
    @Test
    void staleReadAfterAcknowledgedWrite() {
      History h = new Histories()
          .write(1, "k", "a", 0, 10)
          .write(2, "k", "b", 20, 30)
          .read(3, "k", "a", 40, 50)
          .build();
      Violation v = onlyViolation(check(h));
      assertThat(v.partition()).isEqualTo("k");
      assertThat(v.blocked().id()).isEqualTo(2);
      assertThat(v.state()).isEqualTo("\"b\"");
      assertThat(v.blockedReason()).contains("returned a").contains("holds \"b\"");
      assertThat(v.prefixLength()).isEqualTo(2);
    }

    @Test
    void lostAcknowledgedWrite() {
      History h = new Histories()
          .write(1, "k", "a", 0, 10)
          .read(2, "k", null, 20, 30)
          .build();
      Violation v = onlyViolation(check(h));
      assertThat(v.blocked().id()).isEqualTo(1);
      assertThat(v.blockedReason()).contains("<absent>");
    }

    @Test
    void readOfValueNeverWritten() {
      History h = new Histories()
          .write(1, "k", "a", 0, 10)
          .read(2, "k", "zzz", 5, 30)
          .build();
      Violation v = onlyViolation(check(h));
      assertThat(v.blocked().id()).isEqualTo(1);
      assertThat(v.blockedReason()).contains("zzz");
    }

    @Test
    void twoSuccessfulCasFromTheSameExpectedValue() {
      // Even fully concurrent, only one of them can see "a".
      History h = new Histories()
          .write(1, "k", "a", 0, 10)
          .cas(2, "k", "a", "b", 20, 40)
          .cas(3, "k", "a", "c", 25, 35)
          .build();
      Violation v = onlyViolation(check(h));
      assertThat(v.blockedReason()).contains("the cas expects \"a\"");
    }

    @Test
    void readsGoBackInTimeDuringAConcurrentWrite() {
      History h = new Histories()
          .write(1, "k", "a", 0, 100)
          .read(2, "k", "a", 10, 20)
          .read(3, "k", null, 30, 40)
          .build();
      onlyViolation(check(h));
    }

    @Test
    void failedWriteWasObserved() {
      History h = new Histories()
          .fail(1, new Call.Write("k", "a"), 0, 10)
          .read(2, "k", "a", 20, 30)
          .build();
      onlyViolation(check(h));
    }

    @Test
    void unknownWriteCannotTakeEffectBeforeItsInvocation() {
      History h = new Histories()
          .read(1, "k", "a", 0, 10)
          .unknown(2, new Call.Write("k", "a"), 20, 30)
          .build();
      onlyViolation(check(h));
    }

    @Test
    void onlyTheBadKeyIsReported() {
      History h = new Histories()
          .write(1, "good", "g1", 0, 10)
          .read(2, "good", "g1", 20, 30)
          .write(1, "bad", "b1", 40, 50)
          .read(2, "bad", null, 60, 70)
          .build();
      CheckResult r = check(h);
      assertThat(onlyViolation(r).partition()).isEqualTo("bad");
      assertThat(r.partitions()).extracting(PartitionResult::verdict)
          .containsExactly(Verdict.NOT_LINEARIZABLE, Verdict.LINEARIZABLE);
      assertThat(r.render(0, false)).contains("register \"bad\" is not linearizable")
          .contains("cannot place: #3 p2 read(bad) -> <absent> OK");
    }
  }

  @Nested
  class MustPass {
    @Test
    void readConcurrentWithWriteMaySeeEitherValue() {
      for (String seen : new String[] {"a", "b"}) {
        History h = new Histories()
            .write(1, "k", "a", 0, 10)
            .write(2, "k", "b", 20, 60)
            .read(3, "k", seen, 30, 40)
            .build();
        assertThat(check(h).verdict()).as("read sees %s", seen).isEqualTo(Verdict.LINEARIZABLE);
      }
    }

    @Test
    void overlappingWritesInEitherOrder() {
      for (String last : new String[] {"a", "b"}) {
        History h = new Histories()
            .write(1, "k", "a", 0, 50)
            .write(2, "k", "b", 10, 40)
            .read(3, "k", last, 60, 70)
            .build();
        assertThat(check(h).verdict()).as("final %s", last).isEqualTo(Verdict.LINEARIZABLE);
      }
    }

    @Test
    void operationsThatTouchInTimeCountAsConcurrent() {
      History h = new Histories()
          .read(1, "k", "a", 0, 10)
          .write(2, "k", "a", 10, 20)
          .build();
      assertThat(check(h).verdict()).isEqualTo(Verdict.LINEARIZABLE);
    }

    @Test
    void unknownWriteThatTookEffectLongAfterTheClientGaveUp() {
      History h = new Histories()
          .unknown(1, new Call.Write("k", "b"), 0, 10)
          .write(2, "k", "c", 20, 30)
          .read(3, "k", "c", 40, 50)
          .read(3, "k", "b", 60, 70)
          .build();
      CheckResult r = check(h);
      assertThat(r.verdict()).isEqualTo(Verdict.LINEARIZABLE);
      assertThat(r.partitions().get(0).linearization()).extracting(o -> o.id())
          .containsExactly(1L, 2L, 0L, 3L);
    }

    @Test
    void unknownWriteThatNeverTookEffect() {
      History h = new Histories()
          .write(1, "k", "a", 0, 10)
          .unknown(2, new Call.Write("k", "b"), 20, 30)
          .read(3, "k", "a", 40, 50)
          .build();
      CheckResult r = check(h);
      assertThat(r.verdict()).isEqualTo(Verdict.LINEARIZABLE);
      assertThat(r.partitions().get(0).pruned()).isEqualTo(1);
    }

    @Test
    void unknownCasThatTookEffectAndOneThatDidNot() {
      History h = new Histories()
          .write(1, "k", "a", 0, 10)
          .unknown(2, new Call.Cas("k", "a", "b"), 20, 30)
          .unknown(3, new Call.Cas("k", "a", "c"), 20, 30)
          .read(1, "k", "c", 40, 50)
          .build();
      assertThat(check(h).verdict()).isEqualTo(Verdict.LINEARIZABLE);
    }

    @Test
    void failedOperationsAreIgnored() {
      History h = new Histories()
          .write(1, "k", "a", 0, 10)
          .fail(2, new Call.Cas("k", "zz", "b"), 20, 30)
          .fail(3, new Call.Write("k", "c"), 20, 30)
          .read(1, "k", "a", 40, 50)
          .build();
      CheckResult r = check(h);
      assertThat(r.verdict()).isEqualTo(Verdict.LINEARIZABLE);
      assertThat(r.partitions().get(0).searched()).isEqualTo(2);
    }

    @Test
    void deleteThenCasFromAbsent() {
      History h = new Histories()
          .write(1, "k", "a", 0, 10)
          .ok(2, new Call.Delete("k"), 20, 30)
          .read(3, "k", null, 40, 50)
          .cas(1, "k", null, "b", 60, 70)
          .read(2, "k", "b", 80, 90)
          .build();
      assertThat(check(h).verdict()).isEqualTo(Verdict.LINEARIZABLE);
    }

    @Test
    void emptyHistory() {
      CheckResult r = check(new History(java.util.List.of()));
      assertThat(r.verdict()).isEqualTo(Verdict.LINEARIZABLE);
      assertThat(r.partitions()).isEmpty();
    }
  }

  @Test
  void otherModelsOperationsAreRejectedWithTheOperationId() {
    History h = new Histories().add(1, "s", "x", 0, 1).build();
    assertThatThrownBy(() -> check(h))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("operation #0")
        .hasMessageContaining("register model cannot check add(s, x)");
  }
}
