package io.raftkv.chaos.cluster;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Finds {@code raftkv-cli/target/raftkv.jar}, the real server every lab node runs.
 *
 * <p>raftkv-chaos builds after raftkv-cli in the reactor, so the jar is looked up relative to the
 * repository root: the {@code raftkv.repo.root} system property (surefire sets it from
 * {@code maven.multiModuleProjectDirectory}), else the first ancestor of {@code user.dir} holding
 * {@code raftkv-cli/}. {@code -Draftkv.chaos.jar=PATH} overrides both.
 */
public final class ServerJar {

  private ServerJar() {}

  /** The jar, if it has been built. */
  public static Optional<Path> find() {
    String explicit = System.getProperty("raftkv.chaos.jar");
    if (explicit != null && !explicit.isBlank()) {
      return Optional.of(Path.of(explicit)).filter(Files::isRegularFile);
    }
    return repoRoot().map(r -> r.resolve("raftkv-cli/target/raftkv.jar")).filter(Files::isRegularFile);
  }

  /** The repository root: the directory that holds {@code raftkv-cli/}. */
  public static Optional<Path> repoRoot() {
    String prop = System.getProperty("raftkv.repo.root");
    if (prop != null && !prop.isBlank() && Files.isDirectory(Path.of(prop, "raftkv-cli"))) {
      return Optional.of(Path.of(prop).toAbsolutePath().normalize());
    }
    for (Path p = Path.of(System.getProperty("user.dir")).toAbsolutePath(); p != null; p = p.getParent()) {
      if (Files.isDirectory(p.resolve("raftkv-cli"))) {
        return Optional.of(p);
      }
    }
    return Optional.empty();
  }
}
