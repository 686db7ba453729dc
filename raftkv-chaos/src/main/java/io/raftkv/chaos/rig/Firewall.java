package io.raftkv.chaos.rig;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Packet filtering inside one lab host's namespace: the only place nemeses touch iptables.
 *
 * <p>Every rule lives in the namespace's own {@code filter} table, which nothing else uses, so
 * {@link #heal()} simply flushes {@code INPUT} and {@code OUTPUT}, and deleting the namespace
 * deletes the rules. The root namespace's tables are never touched here.
 */
public final class Firewall {

  private final LabHost host;

  public Firewall(LabHost host) {
    this.host = host;
  }

  /** Drops every packet arriving at this host from {@code sourceIp} (one direction of a cut). */
  public void dropFrom(String sourceIp) {
    iptables("-A", "INPUT", "-s", sourceIp, "-j", "DROP");
  }

  /**
   * Drops each packet entering or leaving this host with probability {@code p}, independently; a
   * round trip through this host therefore survives with probability {@code (1 - p)^2}.
   */
  public void loss(double p) {
    if (!(p > 0 && p < 1)) {
      throw new IllegalArgumentException("loss probability must be in (0, 1), not " + p);
    }
    String prob = String.format(Locale.ROOT, "%.4f", p);
    for (String chain : List.of("INPUT", "OUTPUT")) {
      // Loopback stays clean: the loss models the host's network link, not its kernel.
      iptables("-A", chain, "!", chain.equals("INPUT") ? "-i" : "-o", "lo",
          "-m", "statistic", "--mode", "random", "--probability", prob, "-j", "DROP");
    }
  }

  /** Removes every rule this class added. */
  public void heal() {
    iptables("-F", "INPUT");
    iptables("-F", "OUTPUT");
  }

  /** The namespace's INPUT and OUTPUT chains as {@code iptables -S} lists them. */
  public List<String> rules() {
    List<String> out = new ArrayList<>();
    for (String line : Shell.run(host.exec(List.of("iptables", "-w", "-S"))).orThrow().stdout().split("\n")) {
      if (line.startsWith("-A ")) {
        out.add(line);
      }
    }
    return out;
  }

  private void iptables(String... args) {
    List<String> cmd = new ArrayList<>(List.of("iptables", "-w"));
    cmd.addAll(List.of(args));
    Shell.run(host.exec(cmd)).orThrow();
  }
}
