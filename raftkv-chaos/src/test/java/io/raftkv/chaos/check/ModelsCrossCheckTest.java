package io.raftkv.chaos.check;

import static org.assertj.core.api.Assertions.assertThat;

import io.raftkv.chaos.history.Call;
import io.raftkv.chaos.history.History;
import io.raftkv.chaos.history.Operation;
import io.raftkv.chaos.history.Reply;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.LongFunction;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The checker agrees with {@link BruteForce} on random tiny set, bank and register histories with
 * random outcomes and mostly-wrong replies, so the search shortcuts (read forcing, deferred UNKNOWN
 * effects, pruning) are exact for every model.
 */
class ModelsCrossCheckTest {

  static LongStream seeds() {
    return LongStream.range(0, 1500);
  }

  private static Operation randomOutcome(Random rnd, int id, Call call, Reply readReply) {
    long invoke = rnd.nextInt(20);
    long complete = invoke + rnd.nextInt(8);
    int outcome = rnd.nextInt(10);
    if (outcome < 6) {
      return Operation.ok(id, id, call, invoke, complete, call.isRead() ? readReply : null);
    }
    if (outcome < 8) {
      return Operation.unknown(id, id, call, invoke, complete, "timeout");
    }
    return Operation.fail(id, id, call, invoke, complete, "503");
  }

  static History randomSetHistory(long seed) {
    Random rnd = new Random(seed);
    String[] pool = {"a", "b", "c"};
    List<Operation> ops = new ArrayList<>();
    int n = 1 + rnd.nextInt(7);
    for (int i = 0; i < n; i++) {
      if (rnd.nextBoolean()) {
        ops.add(randomOutcome(rnd, i, new Call.SetAdd("s", pool[rnd.nextInt(3)]), null));
      } else {
        Set<String> seen = new TreeSet<>();
        for (String e : pool) {
          if (rnd.nextInt(3) == 0) {
            seen.add(e);
          }
        }
        ops.add(randomOutcome(rnd, i, new Call.SetRead("s"), new Reply.Elements(seen)));
      }
    }
    return new History(ops);
  }

  static History randomBankHistory(long seed) {
    Random rnd = new Random(seed);
    List<Operation> ops = new ArrayList<>();
    ops.add(Operation.ok(0, 0, new Call.BankInit(Map.of("x", 2L, "y", 2L)), 0, rnd.nextInt(3), null));
    int n = 1 + rnd.nextInt(6);
    for (int i = 1; i <= n; i++) {
      if (rnd.nextBoolean()) {
        boolean xy = rnd.nextBoolean();
        ops.add(randomOutcome(rnd, i, new Call.Transfer(xy ? "x" : "y", xy ? "y" : "x",
            1 + rnd.nextInt(2)), null));
      } else {
        long x = rnd.nextInt(5);
        long y = rnd.nextInt(4) == 0 ? rnd.nextInt(5) : 4 - x;
        ops.add(randomOutcome(rnd, i, new Call.BankRead(), new Reply.Balances(Map.of("x", x, "y", y))));
      }
    }
    return new History(ops);
  }

  private static void agree(Model model, History h) {
    CheckResult r = new LinearizabilityChecker(model).check(h);
    boolean expected = BruteForce.linearizable(model, h);
    assertThat(r.verdict())
        .as(() -> h.operations().stream().map(o -> o.describe(0)).toList() + "\n" + r.render(0, true))
        .isEqualTo(expected ? Verdict.LINEARIZABLE : Verdict.NOT_LINEARIZABLE);
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void setAgreesWithTheDefinition(long seed) {
    agree(new SetModel(), randomSetHistory(seed));
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void bankAgreesWithTheDefinition(long seed) {
    agree(new BankModel(), randomBankHistory(seed));
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void registerAgreesWithTheGenericDefinition(long seed) {
    agree(new RegisterModel(), BruteForceCrossCheckTest.randomTinyHistory(seed));
  }

  /** Guards the power of the tests above: both answers occur often for every model. */
  @Test
  void theRandomHistoriesAreMixed() {
    assertMixed(new SetModel(), ModelsCrossCheckTest::randomSetHistory);
    assertMixed(new BankModel(), ModelsCrossCheckTest::randomBankHistory);
  }

  private static void assertMixed(Model model, LongFunction<History> gen) {
    long yes = seeds().filter(s -> BruteForce.linearizable(model, gen.apply(s))).count();
    assertThat(yes).as(model.name()).isBetween(seeds().count() / 10, seeds().count() * 9 / 10);
  }
}
