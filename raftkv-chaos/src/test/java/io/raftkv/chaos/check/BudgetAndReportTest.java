package io.raftkv.chaos.check;

import static org.assertj.core.api.Assertions.assertThat;

import io.raftkv.chaos.history.History;
import io.raftkv.chaos.history.HistoryJson;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The search stops with UNKNOWN when the budget runs out, and failures are written out. */
class BudgetAndReportTest {

  @TempDir
  Path dir;

  private static History contended() {
    return RegisterSimulator.generate(new RegisterSimulator.Params(2, 10, 2_000, 0.05, 0.02, 200), 3L);
  }

  @Test
  void stateBudgetGivesUnknownNotAGuess() {
    History h = contended();
    CheckOptions tight = CheckOptions.defaults().withMaxStatesPerPartition(50);
    CheckResult r = new LinearizabilityChecker(new RegisterModel(), tight).check(h);
    assertThat(r.verdict()).isEqualTo(Verdict.UNKNOWN);
    assertThat(r.partitions()).allSatisfy(p -> {
      assertThat(p.verdict()).isEqualTo(Verdict.UNKNOWN);
      assertThat(p.unknownReason()).startsWith("state budget of 50 exceeded");
      assertThat(p.states()).isEqualTo(51);
    });
    assertThat(r.render(h.originNanos(), false)).contains("UNKNOWN (budget exceeded)");
    // The same history within the default budget is fine.
    assertThat(new LinearizabilityChecker(new RegisterModel()).check(h).verdict())
        .isEqualTo(Verdict.LINEARIZABLE);
  }

  @Test
  void timeBudgetGivesUnknown() {
    History h = contended();
    CheckOptions instant = CheckOptions.defaults().withPartitionTimeLimit(Duration.ofNanos(1));
    CheckResult r = new LinearizabilityChecker(new RegisterModel(), instant).check(h);
    assertThat(r.verdict()).isEqualTo(Verdict.UNKNOWN);
    assertThat(r.partitions()).allSatisfy(p ->
        assertThat(p.unknownReason()).startsWith("time budget exceeded"));
  }

  @Test
  void aViolationOutranksAnUnknownPartition() {
    History good = contended();
    Anomalies.Injected bad = Anomalies.inject(good, Anomalies.Kind.PHANTOM_READ, new java.util.Random(1));
    CheckOptions tight = CheckOptions.defaults().withMaxStatesPerPartition(2_000);
    CheckResult r = new LinearizabilityChecker(new RegisterModel(), tight).check(bad.history());
    assertThat(r.partitions()).extracting(PartitionResult::verdict).contains(Verdict.NOT_LINEARIZABLE);
    assertThat(r.verdict()).isEqualTo(Verdict.NOT_LINEARIZABLE);
  }

  @Test
  void failureArtifactsCanBeReloadedAndRechecked() throws Exception {
    History h = new Histories()
        .write(1, "k", "a", 1_000_000, 2_000_000)
        .write(2, "k", "b", 3_000_000, 4_000_000)
        .read(3, "k", "a", 5_000_000, 6_000_000)
        .build();
    CheckResult r = new LinearizabilityChecker(new RegisterModel()).check(h);
    CheckReports.Written files = CheckReports.write(dir.resolve("run-1"), h, r);
    String report = Files.readString(files.report());
    assertThat(report)
        .contains("register check: NOT_LINEARIZABLE")
        .contains("register \"k\" is not linearizable")
        .contains("longest linearizable prefix: 2 of 3 operations")
        .contains("#1 p2 write(k, b) OK [2.000ms .. 3.000ms]   => \"b\"")
        .contains("cannot place: #2 p3 read(k) -> a OK [4.000ms .. 5.000ms]")
        .contains("because the read returned a but the register holds \"b\"");
    History back = HistoryJson.read(files.history());
    assertThat(new LinearizabilityChecker(new RegisterModel()).check(back).violations())
        .isEqualTo(r.violations());
  }
}
