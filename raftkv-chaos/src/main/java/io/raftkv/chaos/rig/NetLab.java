package io.raftkv.chaos.rig;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A private network of hosts on this machine: one Linux bridge in the root namespace and one
 * network namespace per host, each joined to the bridge by a veth pair.
 *
 * <p>Addresses: the lab takes a free {@code 10.77.X.0/24}; host {@code i} is {@code 10.77.X.i} and
 * the bridge (the test JVM's side) is {@code 10.77.X.254}. The namespaces get no default route, so
 * nothing started inside can reach any address outside the lab.
 *
 * <p>Lifecycle invariant: {@link #close()} removes every process in the lab's namespaces, the
 * namespaces (with their iptables rules), the veths, the bridge and the root {@code FORWARD} rule.
 * A JVM shutdown hook closes labs still open at exit; {@link #removeStale()}, run before every new
 * lab, removes resources left by a JVM that was killed outright.
 */
public final class NetLab implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(NetLab.class);
  private static final Set<NetLab> OPEN = ConcurrentHashMap.newKeySet();
  private static final Pattern NETNS_LINE = Pattern.compile("^(\\S+)");
  private static final Pattern LINK_LINE = Pattern.compile("^\\d+:\\s+([^:@\\s]+)");

  static {
    Runtime.getRuntime().addShutdownHook(new Thread(() -> OPEN.forEach(NetLab::close), "netlab-cleanup"));
  }

  private final LabNames names;
  private final String subnetPrefix;
  private final List<LabHost> hosts;
  private volatile boolean closed;

  private NetLab(LabNames names, String subnetPrefix, List<LabHost> hosts) {
    this.names = names;
    this.subnetPrefix = subnetPrefix;
    this.hosts = List.copyOf(hosts);
  }

  /** Builds a lab of {@code hostCount} namespaces named n1..nN; fails (after cleaning up) on any error. */
  public static NetLab create(int hostCount) {
    if (hostCount < 1 || hostCount > 9) {
      throw new IllegalArgumentException("a lab holds 1..9 hosts, not " + hostCount);
    }
    removeStale();
    LabNames names = LabNames.next();
    String prefix = "10.77." + freeThirdOctet() + ".";
    List<LabHost> hosts = new ArrayList<>();
    for (int i = 1; i <= hostCount; i++) {
      hosts.add(new LabHost(i, "n" + i, names.namespace(i), prefix + i));
    }
    NetLab lab = new NetLab(names, prefix, hosts);
    OPEN.add(lab);
    try {
      lab.build();
    } catch (RuntimeException e) {
      lab.close();
      throw e;
    }
    LOG.info("lab {} up: {} hosts on {}0/24", names.labId(), hostCount, prefix);
    return lab;
  }

  private void build() {
    String br = names.bridge();
    Shell.check("ip", "link", "add", br, "type", "bridge");
    Shell.check("ip", "addr", "add", gatewayIp() + "/24", "dev", br);
    Shell.check("ip", "link", "set", br, "up");
    // With br_netfilter loaded, bridged frames traverse the root FORWARD chain; a host whose policy
    // is DROP would silently cut the lab, so accept lab-internal traffic explicitly.
    Shell.check("iptables", "-w", "-I", "FORWARD", "-i", br, "-o", br,
        "-m", "comment", "--comment", names.labId(), "-j", "ACCEPT");
    for (LabHost h : hosts) {
      String outside = names.vethOutside(h.index());
      String inside = names.vethInside(h.index());
      Shell.check("ip", "netns", "add", h.namespace());
      Shell.check("ip", "link", "add", outside, "type", "veth", "peer", "name", inside);
      Shell.check("ip", "link", "set", inside, "netns", h.namespace());
      Shell.check("ip", "link", "set", outside, "master", br);
      Shell.check("ip", "link", "set", outside, "up");
      Shell.check("ip", "-n", h.namespace(), "link", "set", inside, "name", "eth0");
      Shell.check("ip", "-n", h.namespace(), "addr", "add", h.ip() + "/24", "dev", "eth0");
      Shell.check("ip", "-n", h.namespace(), "link", "set", "eth0", "up");
      Shell.check("ip", "-n", h.namespace(), "link", "set", "lo", "up");
    }
  }

  public List<LabHost> hosts() {
    return hosts;
  }

  public LabHost host(String name) {
    return hosts.stream().filter(h -> h.name().equals(name)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no host " + name + " in lab " + names.labId()));
  }

  /** The bridge address: the source of every packet the test JVM sends into the lab. */
  public String gatewayIp() {
    return subnetPrefix + "254";
  }

  public String labId() {
    return names.labId();
  }

  public String bridge() {
    return names.bridge();
  }

  /** Idempotent; safe to call from a shutdown hook while other threads still use the lab. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    for (LabHost h : hosts) {
      removeNamespace(h.namespace());
    }
    for (LabHost h : hosts) {
      removeLinkIfPresent(names.vethOutside(h.index()));
    }
    removeLinkIfPresent(names.bridge());
    removeForwardRules(names.labId());
    OPEN.remove(this);
    LOG.info("lab {} removed", names.labId());
  }

  /** Removes every lab resource whose owning JVM is gone; returns how many it removed. */
  public static int removeStale() {
    int removed = 0;
    for (String ns : namespaces()) {
      if (LabNames.isStale(ns)) {
        removeNamespace(ns);
        removed++;
      }
    }
    for (String link : links()) {
      if (LabNames.isStale(link)) {
        removeLinkIfPresent(link);
        removed++;
      }
    }
    for (String rule : forwardRules()) {
      Matcher m = Pattern.compile("--comment \"?(" + LabNames.PREFIX + "\\w+)").matcher(rule);
      if (m.find() && LabNames.isStale(m.group(1))) {
        removeForwardRules(m.group(1));
        removed++;
      }
    }
    if (removed > 0) {
      LOG.warn("removed {} stale lab resources left by a dead JVM", removed);
    }
    return removed;
  }

  /** Every namespace name on the machine. */
  public static List<String> namespaces() {
    List<String> out = new ArrayList<>();
    for (String line : Shell.run("ip", "netns", "list").stdout().split("\n")) {
      Matcher m = NETNS_LINE.matcher(line);
      if (m.find()) {
        out.add(m.group(1));
      }
    }
    return out;
  }

  /** Every network interface name in the root namespace. */
  public static List<String> links() {
    List<String> out = new ArrayList<>();
    for (String line : Shell.run("ip", "-o", "link", "show").stdout().split("\n")) {
      Matcher m = LINK_LINE.matcher(line);
      if (m.find()) {
        out.add(m.group(1));
      }
    }
    return out;
  }

  /** The root FORWARD chain as {@code iptables -S} prints it. */
  public static List<String> forwardRules() {
    return List.of(Shell.run("iptables", "-w", "-S", "FORWARD").stdout().split("\n"));
  }

  private static void removeNamespace(String ns) {
    // Deleting a namespace does not kill what runs in it, so kill first.
    for (String pid : Shell.run("ip", "netns", "pids", ns).stdout().split("\\s+")) {
      if (!pid.isBlank()) {
        ProcessHandle.of(Long.parseLong(pid.strip())).ifPresent(ProcessHandle::destroyForcibly);
      }
    }
    Shell.run("ip", "netns", "del", ns);
  }

  private static void removeLinkIfPresent(String link) {
    if (links().contains(link)) {
      Shell.run("ip", "link", "del", link);
    }
  }

  private static void removeForwardRules(String labId) {
    for (String rule : forwardRules()) {
      if (rule.startsWith("-A FORWARD") && rule.contains(labId)) {
        List<String> delete = new ArrayList<>(List.of("iptables", "-w", "-D"));
        delete.addAll(splitRule(rule.substring("-A ".length())));
        Shell.run(delete);
      }
    }
  }

  /** Splits an {@code iptables -S} line into arguments, honouring double quotes. */
  static List<String> splitRule(String rule) {
    List<String> args = new ArrayList<>();
    Matcher m = Pattern.compile("\"([^\"]*)\"|(\\S+)").matcher(rule);
    while (m.find()) {
      args.add(m.group(1) != null ? m.group(1) : m.group(2));
    }
    return args;
  }

  private static int freeThirdOctet() {
    String used = Shell.run("ip", "-o", "-4", "addr", "show").stdout();
    for (int x = 0; x < 250; x++) {
      if (!used.contains(" 10.77." + x + ".")) {
        return x;
      }
    }
    throw new IllegalStateException("no free 10.77.X.0/24 subnet");
  }
}
