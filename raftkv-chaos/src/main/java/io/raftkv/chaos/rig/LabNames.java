package io.raftkv.chaos.rig;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Names every host resource (namespace, veth, bridge, iptables comment) a lab creates.
 *
 * <p>Invariant: every name starts with {@code rkc}, then the owning JVM's pid in base 36, then one
 * upper-case letter that numbers the lab inside that JVM. The pid in the name is what lets a later
 * run recognise resources whose owner died (even by SIGKILL) and remove them. Interface names stay
 * within Linux's 15-character limit ({@code rkc} + at most 5 + 1 + suffix of at most 4).
 */
public final class LabNames {

  /** Every resource of every lab begins with this. */
  public static final String PREFIX = "rkc";

  private static final Pattern NAME = Pattern.compile("^" + PREFIX + "([0-9a-z]{1,6})([A-Z])");
  private static final AtomicInteger NEXT_LAB = new AtomicInteger();

  private final String labId;

  private LabNames(String labId) {
    this.labId = labId;
  }

  /** A fresh, JVM-unique lab id such as {@code rkc1k3A}. */
  public static LabNames next() {
    int serial = NEXT_LAB.getAndIncrement() % 26;
    return new LabNames(PREFIX + Long.toString(ProcessHandle.current().pid(), 36) + (char) ('A' + serial));
  }

  public String labId() {
    return labId;
  }

  public String bridge() {
    return labId + "br";
  }

  public String namespace(int host) {
    return labId + "-n" + host;
  }

  /** The root-namespace end of host {@code host}'s veth pair. */
  public String vethOutside(int host) {
    return labId + "v" + host;
  }

  /** The namespace end before it is moved and renamed to {@code eth0}. */
  public String vethInside(int host) {
    return labId + "p" + host;
  }

  /** The pid of the JVM that owns {@code name}, if {@code name} is a lab resource at all. */
  public static Optional<Long> ownerPid(String name) {
    Matcher m = NAME.matcher(name);
    if (!m.find()) {
      return Optional.empty();
    }
    return Optional.of(Long.parseLong(m.group(1), 36));
  }

  /**
   * True when {@code name} belongs to a lab whose owning JVM no longer runs. A live process with the
   * same pid that is not a JVM means the pid was reused, so the resource is stale too.
   */
  public static boolean isStale(String name) {
    Optional<Long> pid = ownerPid(name);
    if (pid.isEmpty()) {
      return false;
    }
    if (pid.get() == ProcessHandle.current().pid()) {
      return false;
    }
    Path cmdline = Path.of("/proc", Long.toString(pid.get()), "cmdline");
    try {
      return !Files.exists(cmdline) || !Files.readString(cmdline).contains("java");
    } catch (java.io.IOException e) {
      return true; // the process vanished between the two calls
    }
  }
}
