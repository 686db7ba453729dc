package io.raftkv.chaos.check;

import static org.assertj.core.api.Assertions.assertThat;

import io.raftkv.chaos.history.Call;
import io.raftkv.chaos.history.History;
import io.raftkv.chaos.history.Operation;
import io.raftkv.chaos.history.Outcome;
import io.raftkv.chaos.history.Reply;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Random;
import java.util.Set;
import java.util.stream.LongStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Randomized histories from a real sequential register ({@link RegisterSimulator}) must pass, and
 * the witness the checker returns must itself be a valid linearization; the same histories with
 * one injected anomaly ({@link Anomalies}) must fail on the right key.
 *
 * <p>Each case is one seed; the seed fixes the shape (keys, clients, length, unknown rate,
 * latency) and the history, so a failure names the seed that reproduces it. The number of seeds
 * is {@code -Draftkv.check.seeds} (default 300).
 */
class RegisterCheckerPropertyTest {

  private final LinearizabilityChecker checker = new LinearizabilityChecker(new RegisterModel());

  static LongStream seeds() {
    return LongStream.range(0, Long.getLong("raftkv.check.seeds", 300));
  }

  /** The history shape for a seed: 1-3 keys, 1-8 clients, 5-250 ops, up to 30% unknown. */
  static RegisterSimulator.Params shape(long seed) {
    Random rnd = new Random(seed * 7919 + 1);
    return new RegisterSimulator.Params(1 + rnd.nextInt(3), 1 + rnd.nextInt(8),
        5 + rnd.nextInt(246), rnd.nextDouble() * 0.3, 0.05, 1 + rnd.nextInt(60));
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void historiesFromARealRegisterAreLinearizable(long seed) {
    History h = RegisterSimulator.generate(shape(seed), seed);
    CheckResult r = checker.check(h);
    assertThat(r.verdict()).as(() -> shape(seed) + "\n" + r.render(0, true))
        .isEqualTo(Verdict.LINEARIZABLE);
    for (PartitionResult p : r.partitions()) {
      assertValidWitness(h, p);
    }
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void oneInjectedAnomalyIsAlwaysCaught(long seed) {
    History h = RegisterSimulator.generate(shape(seed), seed);
    Anomalies.Kind kind = Anomalies.Kind.values()[(int) (seed % Anomalies.Kind.values().length)];
    Anomalies.Injected bad = Anomalies.inject(h, kind, new Random(seed));
    CheckResult r = checker.check(bad.history());
    assertThat(r.verdict()).as(bad.kind() + ": " + bad.description()).isEqualTo(Verdict.NOT_LINEARIZABLE);
    assertThat(r.violations()).extracting(Violation::partition).containsExactly(bad.key());
  }

  /** Guards the power of the test above: every anomaly kind is really injected, not the fallback. */
  @org.junit.jupiter.api.Test
  void everyAnomalyKindIsExercised() {
    java.util.Map<Anomalies.Kind, Integer> injected = new java.util.EnumMap<>(Anomalies.Kind.class);
    seeds().forEach(seed -> {
      Anomalies.Kind kind = Anomalies.Kind.values()[(int) (seed % Anomalies.Kind.values().length)];
      History h = RegisterSimulator.generate(shape(seed), seed);
      injected.merge(Anomalies.inject(h, kind, new Random(seed)).kind(), 1, Integer::sum);
    });
    long perKind = seeds().count() / Anomalies.Kind.values().length;
    for (Anomalies.Kind kind : Anomalies.Kind.values()) {
      assertThat(injected.getOrDefault(kind, 0)).as("%s injected", kind).isGreaterThan((int) (perKind / 2));
    }
  }

  /**
   * Independent validation of a LINEARIZABLE answer: the witness contains every OK operation of
   * the partition once, no FAIL operation, respects real-time order (an OK operation that
   * completed before another was invoked comes first), and replays on a plain register.
   */
  static void assertValidWitness(History h, PartitionResult p) {
    List<Operation> order = p.linearization();
    Set<Long> ids = new HashSet<>();
    for (Operation op : order) {
      assertThat(ids.add(op.id())).as("op #%d listed twice", op.id()).isTrue();
      assertThat(op.outcome()).isNotEqualTo(Outcome.FAIL);
    }
    h.operations().stream()
        .filter(o -> o.outcome() == Outcome.OK && partitionOf(o).equals(p.partition()))
        .forEach(o -> assertThat(ids).as("OK op #%d missing", o.id()).contains(o.id()));
    for (int i = 0; i < order.size(); i++) {
      for (int j = i + 1; j < order.size(); j++) {
        Operation later = order.get(j);
        Operation earlier = order.get(i);
        if (later.outcome() == Outcome.OK) {
          assertThat(later.completeNanos() < earlier.invokeNanos())
              .as("#%d placed before #%d against real time", earlier.id(), later.id()).isFalse();
        }
      }
    }
    String value = null;
    for (Operation op : order) {
      Call c = op.call();
      if (c instanceof Call.Read) {
        assertThat(((Reply.Value) op.reply()).value()).as("read #%d", op.id()).isEqualTo(value);
      } else if (c instanceof Call.Write w) {
        value = w.value();
      } else if (c instanceof Call.Delete) {
        value = null;
      } else if (c instanceof Call.Cas cas) {
        assertThat(Objects.equals(cas.expected(), value)).as("cas #%d", op.id()).isTrue();
        value = cas.value();
      }
    }
  }

  private static String partitionOf(Operation op) {
    return new RegisterModel().partitionOf(op.call());
  }
}
