package io.raftkv.chaos.check;

import static org.assertj.core.api.Assertions.assertThat;

import io.raftkv.chaos.history.Call;
import io.raftkv.chaos.history.History;
import io.raftkv.chaos.history.Operation;
import io.raftkv.chaos.history.Reply;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The checker agrees with the brute-force definition ({@link BruteForceRegister}) on random tiny
 * single-key histories with arbitrary (mostly wrong) replies, repeated values, and random OK /
 * FAIL / UNKNOWN outcomes: no false alarms and no misses, including the UNKNOWN pruning and
 * promotion shortcuts, which must stay exact even when values repeat.
 */
class BruteForceCrossCheckTest {

  private static final String[] VALUES = {null, "a", "b", "c"};

  private final LinearizabilityChecker checker = new LinearizabilityChecker(new RegisterModel());

  static LongStream seeds() {
    return LongStream.range(0, 2000);
  }

  static History randomTinyHistory(long seed) {
    Random rnd = new Random(seed);
    int n = 1 + rnd.nextInt(7);
    List<Operation> ops = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      long invoke = rnd.nextInt(20);
      long complete = invoke + rnd.nextInt(8);
      String value = VALUES[1 + rnd.nextInt(3)];
      String any = VALUES[rnd.nextInt(4)];
      int kind = rnd.nextInt(10);
      Call call = kind < 4 ? new Call.Read("k")
          : kind < 7 ? new Call.Write("k", value)
          : kind < 8 ? new Call.Delete("k")
          : new Call.Cas("k", any, value);
      int outcome = rnd.nextInt(10);
      if (outcome < 6) {
        ops.add(Operation.ok(i, i, call, invoke, complete, call.isRead() ? new Reply.Value(any) : null));
      } else if (outcome < 8) {
        ops.add(Operation.unknown(i, i, call, invoke, complete, "timeout"));
      } else {
        ops.add(Operation.fail(i, i, call, invoke, complete, "503"));
      }
    }
    return new History(ops);
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void agreesWithTheDefinition(long seed) {
    History h = randomTinyHistory(seed);
    CheckResult r = checker.check(h);
    boolean expected = BruteForceRegister.linearizable(h);
    assertThat(r.verdict())
        .as(() -> h.operations().stream().map(o -> o.describe(0)).toList() + "\n" + r.render(0, true))
        .isEqualTo(expected ? Verdict.LINEARIZABLE : Verdict.NOT_LINEARIZABLE);
    if (expected) {
      RegisterCheckerPropertyTest.assertValidWitness(h, r.partitions().get(0));
    }
  }

  /** Guards the power of the test above: both answers occur often. */
  @Test
  void theRandomHistoriesAreMixed() {
    long linearizable = seeds().filter(s -> BruteForceRegister.linearizable(randomTinyHistory(s))).count();
    assertThat(linearizable).isBetween(seeds().count() / 5, seeds().count() * 4 / 5);
  }
}
