package io.raftkv.chaos.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The long chaos profile, on demand only: {@code mvn -o -B -pl raftkv-chaos test
 * -Draftkv.chaos.profile=long -Dtest=ChaosLongTest}. 3 and 5 nodes, every nemesis and workload,
 * several minutes each, several seeds; knobs in {@link Profiles}. Each run is its own dynamic test,
 * so one finding does not hide the others; the report table accumulates in
 * {@code target/chaos-report.md}.
 */
class ChaosLongTest {

  @TestFactory
  Stream<DynamicTest> longProfile() {
    assumeTrue(Profiles.active().equals("long"), "long chaos profile runs only with -Draftkv.chaos.profile=long");
    Path jar = ChaosFixture.requireRigAndJar();
    return Profiles.longProfile().stream().map(config -> DynamicTest.dynamicTest(config.label(), () -> {
      RunResult r = new ChaosRun(config, jar, ChaosFixture.workDir()).execute();
      ChaosReport.add(r, ChaosFixture.report());
      assertThat(r.stats().ok()).as("acknowledged operations in %s", config.label()).isPositive();
      if (config.nemesis().startsWith("membership")) {
        assertThat(r.membershipChanges()).as("membership changes completed in %s", config.label()).isPositive();
      }
      assertThat(r.clean()).as(r.explain()).isTrue();
    }));
  }
}
