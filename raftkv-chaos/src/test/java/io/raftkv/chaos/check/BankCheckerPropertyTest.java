package io.raftkv.chaos.check;

import static org.assertj.core.api.Assertions.assertThat;

import io.raftkv.chaos.history.History;
import io.raftkv.chaos.history.Operation;
import io.raftkv.chaos.history.Reply;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.LongStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Randomized bank histories from a real sequential bank ({@link BankSimulator}) must pass; with
 * the final read changed they must fail: moving one unit between two accounts (total kept, so
 * only the linearizability search can see it; histories without UNKNOWN transfers, since a
 * pending transfer could otherwise explain the change), or changing the total.
 */
class BankCheckerPropertyTest {

  private final LinearizabilityChecker checker = new LinearizabilityChecker(new BankModel());

  static LongStream seeds() {
    return LongStream.range(0, Long.getLong("raftkv.check.seeds", 300) / 3);
  }

  static BankSimulator.Params shape(long seed, double maxUnknown) {
    Random rnd = new Random(seed * 104729 + 3);
    return new BankSimulator.Params(2 + rnd.nextInt(4), 1 + rnd.nextInt(8), 10 + rnd.nextInt(300),
        rnd.nextDouble() * maxUnknown, 1 + rnd.nextInt(60));
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void historiesFromARealBankAreLinearizable(long seed) {
    History h = BankSimulator.generate(shape(seed, 0.1), seed);
    CheckResult r = checker.check(h);
    assertThat(r.verdict()).as(() -> shape(seed, 0.1) + "\n" + r.render(0, true))
        .isEqualTo(Verdict.LINEARIZABLE);
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void finalReadWithOneUnitMovedIsCaught(long seed) {
    History h = BankSimulator.generate(shape(seed, 0.0), seed);
    History bad = alterFinalRead(h, balances -> {
      String[] accounts = balances.keySet().toArray(String[]::new);
      balances.merge(accounts[0], -1L, Long::sum);
      balances.merge(accounts[1], 1L, Long::sum);
    });
    CheckResult r = new LinearizabilityChecker(new BankModel(true)).check(bad);
    assertThat(r.invariantViolations()).isEmpty();
    assertThat(r.verdict()).isEqualTo(Verdict.NOT_LINEARIZABLE);
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void finalReadWithChangedTotalIsCaught(long seed) {
    History h = BankSimulator.generate(shape(seed, 0.1), seed);
    History bad = alterFinalRead(h, balances -> balances.merge(balances.keySet().iterator().next(), 1L, Long::sum));
    CheckResult r = checker.check(bad);
    assertThat(r.verdict()).isEqualTo(Verdict.NOT_LINEARIZABLE);
    assertThat(r.invariantViolations()).anyMatch(v -> v.contains("but the bank total is"));
  }

  private static History alterFinalRead(History h, java.util.function.Consumer<Map<String, Long>> change) {
    List<Operation> ops = new ArrayList<>(h.operations());
    Operation last = ops.get(ops.size() - 1);
    Map<String, Long> balances = new TreeMap<>(((Reply.Balances) last.reply()).balances());
    change.accept(balances);
    ops.set(ops.size() - 1, Operation.ok(last.id(), last.process(), last.call(), last.invokeNanos(),
        last.completeNanos(), new Reply.Balances(balances)));
    return new History(h.attributes(), ops);
  }
}
