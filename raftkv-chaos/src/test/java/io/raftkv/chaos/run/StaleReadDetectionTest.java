package io.raftkv.chaos.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Proof that the rig and checker bite on the real system: with the test-only server flag
 * {@code --unsafe-local-reads}, every node answers GETs from its own state machine without a
 * ReadIndex round (Raft thesis §6.4 explains why that is unsafe). Isolating the leader then lets the
 * old leader serve values that a new leader's writes have already replaced, and the register
 * checker must report the history as not linearizable.
 */
class StaleReadDetectionTest {

  @Test
  void checkerCatchesStaleLocalReadsUnderAnIsolatedLeader() {
    Path jar = ChaosFixture.requireRigAndJar();
    RunConfig config = RunConfig.of(3, "partition-leader", "register", Duration.ofSeconds(30), 7)
        .withTiming(Duration.ofSeconds(2), Duration.ofSeconds(6))
        .withExtraServerArgs(List.of("--unsafe-local-reads"));
    RunResult r = new ChaosRun(config, jar, ChaosFixture.workDir().resolve("unsafe")).execute();
    ChaosReport.add(r, ChaosFixture.report());
    assertThat(r.injections()).isPositive();
    assertThat(r.linearizable()).as("the checker must catch stale reads; run: %s", r.explain())
        .isEqualTo("NOT_LINEARIZABLE");
    assertThat(r.checkerDetail()).isNotBlank();
  }
}
