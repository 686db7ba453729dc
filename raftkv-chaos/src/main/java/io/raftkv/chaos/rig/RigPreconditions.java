package io.raftkv.chaos.rig;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Decides whether this machine can host a lab: root, working {@code ip netns}, and iptables with
 * the {@code statistic} match. Tests turn a non-empty answer into a JUnit assumption, so a machine
 * without these skips with the reason instead of failing.
 */
public final class RigPreconditions {

  private RigPreconditions() {}

  /** Empty when a lab can be built here; otherwise why not. */
  public static Optional<String> whyUnavailable() {
    if (!isRoot()) {
      return Optional.of("chaos rig needs root (network namespaces, iptables); running as uid " + uid());
    }
    Shell.Result ns = Shell.run("ip", "netns", "list");
    if (!ns.ok()) {
      return Optional.of("`ip netns` is unavailable: " + ns.stderr().strip());
    }
    Shell.Result ipt = Shell.run("iptables", "-w", "--version");
    if (!ipt.ok()) {
      return Optional.of("iptables is missing (apt-get install -y iptables): " + ipt.stderr().strip());
    }
    return Optional.empty();
  }

  public static boolean isRoot() {
    return "0".equals(uid());
  }

  private static String uid() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("Uid:")) {
          return line.split("\\s+")[1];
        }
      }
    } catch (IOException e) {
      return "unknown";
    }
    return "unknown";
  }
}
