package io.raftkv.chaos.run;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.raftkv.chaos.cluster.ServerJar;
import io.raftkv.chaos.rig.RigPreconditions;
import java.nio.file.Path;

/** Shared preconditions and paths of the chaos profile tests. */
final class ChaosFixture {

  private ChaosFixture() {}

  /** Skips (assumption) without root or netns; fails when the server jar has not been built. */
  static Path requireRigAndJar() {
    var why = RigPreconditions.whyUnavailable();
    assumeTrue(why.isEmpty(), () -> "chaos tests skipped: " + why.orElse(""));
    return ServerJar.find().orElseGet(() -> fail("raftkv-cli/target/raftkv.jar not found (repo root "
        + ServerJar.repoRoot().map(Path::toString).orElse("unknown")
        + "): build it first, e.g. mvn -o -q -B install -DskipTests -pl raftkv-cli, or pass -Draftkv.chaos.jar=PATH"));
  }

  /** {@code raftkv-chaos/target}. */
  static Path target() {
    return Path.of("target").toAbsolutePath();
  }

  static Path report() {
    return target().resolve("chaos-report.md");
  }

  static Path workDir() {
    return target().resolve("chaos-runs");
  }
}
