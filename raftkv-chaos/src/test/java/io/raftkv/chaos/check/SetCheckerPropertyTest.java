package io.raftkv.chaos.check;

import static org.assertj.core.api.Assertions.assertThat;

import io.raftkv.chaos.history.Call;
import io.raftkv.chaos.history.History;
import io.raftkv.chaos.history.Operation;
import io.raftkv.chaos.history.Outcome;
import io.raftkv.chaos.history.Reply;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Randomized set histories from a real set ({@link SetSimulator}) must pass; with the final
 * read-all missing an acknowledged add (lost) or showing an element never added (phantom) they
 * must fail.
 */
class SetCheckerPropertyTest {

  private final LinearizabilityChecker checker = new LinearizabilityChecker(new SetModel());

  static LongStream seeds() {
    return LongStream.range(0, Long.getLong("raftkv.check.seeds", 300) / 3);
  }

  static SetSimulator.Params shape(long seed) {
    Random rnd = new Random(seed * 15485863 + 5);
    return new SetSimulator.Params(1 + rnd.nextInt(8), 5 + rnd.nextInt(300), rnd.nextDouble() * 0.2,
        1 + rnd.nextInt(60));
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void historiesFromARealSetAreLinearizable(long seed) {
    History h = SetSimulator.generate(shape(seed), seed);
    CheckResult r = checker.check(h);
    assertThat(r.verdict()).as(() -> shape(seed) + "\n" + r.render(0, true))
        .isEqualTo(Verdict.LINEARIZABLE);
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void lostOrPhantomElementInTheFinalReadIsCaught(long seed) {
    History h = SetSimulator.generate(shape(seed), seed);
    List<Operation> ops = new ArrayList<>(h.operations());
    Operation last = ops.get(ops.size() - 1);
    TreeSet<String> seen = new TreeSet<>(((Reply.Elements) last.reply()).elements());
    List<String> acknowledged = ops.stream()
        .filter(o -> o.outcome() == Outcome.OK && o.call() instanceof Call.SetAdd)
        .map(o -> ((Call.SetAdd) o.call()).element()).toList();
    String description;
    if (seed % 2 == 0 && !acknowledged.isEmpty()) {
      String lost = acknowledged.get(new Random(seed).nextInt(acknowledged.size()));
      seen.remove(lost);
      description = "lost " + lost;
    } else {
      seen.add("phantom");
      description = "phantom";
    }
    ops.set(ops.size() - 1, Operation.ok(last.id(), last.process(), last.call(), last.invokeNanos(),
        last.completeNanos(), new Reply.Elements(seen)));
    CheckResult r = checker.check(new History(h.attributes(), ops));
    assertThat(r.verdict()).as(description).isEqualTo(Verdict.NOT_LINEARIZABLE);
    assertThat(r.violations().get(0).blocked().id()).isEqualTo(last.id());
  }

  @Test
  void threeThousandOperationsWithTimeouts() {
    History h = SetSimulator.generate(new SetSimulator.Params(10, 3_000, 0.05, 50), 99L);
    CheckResult r = checker.check(h);
    System.out.printf("checker: set of %d ops, 10 clients, 5%% unknown: %s in %d ms, %d states%n",
        h.operations().size(), r.verdict(), r.elapsed().toMillis(), r.partitions().get(0).states());
    assertThat(r.verdict()).isEqualTo(Verdict.LINEARIZABLE);
  }
}
