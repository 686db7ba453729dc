package io.raftkv.chaos.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The quick chaos profile, run by plain {@code mvn test}: a 3-node cluster of real server processes
 * in network namespaces under kill, pause, partition and loss, about 30 s each (see
 * {@link Profiles#quick()}). Every run must be linearizable, lose no acknowledged write, converge,
 * and have a leader within 5 s of heal; a membership run must complete at least one change. The table goes to {@code target/chaos-report.md}.
 */
class ChaosQuickTest {

  @TestFactory
  Stream<DynamicTest> quickProfile() {
    assumeTrue(Profiles.active().equals("quick"), "quick chaos profile skipped: raftkv.chaos.profile=" + Profiles.active());
    Path jar = ChaosFixture.requireRigAndJar();
    return Profiles.quick().stream().map(config -> DynamicTest.dynamicTest(config.label(), () -> {
      RunResult r = new ChaosRun(config, jar, ChaosFixture.workDir()).execute();
      ChaosReport.add(r, ChaosFixture.report());
      assertThat(r.injections()).as("faults injected in %s", config.label()).isPositive();
      assertThat(r.stats().ok()).as("acknowledged operations in %s", config.label()).isPositive();
      if (config.nemesis().startsWith("membership")) {
        assertThat(r.membershipChanges()).as("membership changes completed in %s", config.label()).isPositive();
      }
      assertThat(r.clean()).as(r.explain()).isTrue();
    }));
  }
}
