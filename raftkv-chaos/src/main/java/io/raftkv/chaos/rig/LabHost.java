package io.raftkv.chaos.rig;

/**
 * One host of a {@link NetLab}: a network namespace reached through a veth pair on the lab bridge.
 *
 * @param index 1-based position in the lab, also the last octet of {@code ip}
 * @param name the logical node name ({@code n1}, {@code n2}, ...)
 * @param namespace the network namespace the host's processes run in
 * @param ip the host's IPv4 address on the lab subnet
 */
public record LabHost(int index, String name, String namespace, String ip) {

  /** The command prefix that runs a program inside this host's namespace. */
  public java.util.List<String> exec(java.util.List<String> command) {
    var full = new java.util.ArrayList<String>(command.size() + 4);
    full.addAll(java.util.List.of("ip", "netns", "exec", namespace));
    full.addAll(command);
    return full;
  }
}
