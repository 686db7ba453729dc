package io.raftkv.kv.server;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The founding members of a cluster as given by {@code --cluster n1=HOST:PORT,n2=HOST:PORT,...}: node id
 * to peer (Raft transport) address, in the order given.
 *
 * <p>Invariant: at least one member; ids are unique and match {@link #ID}; every address has a port.
 */
public record ClusterSpec(Map<String, InetSocketAddress> members) {

  /** Node ids: letters, digits, '-', '_', '.', 1 to 64 characters. */
  public static final Pattern ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");

  public ClusterSpec {
    if (members.isEmpty()) {
      throw new IllegalArgumentException("--cluster lists no members");
    }
    members = Collections.unmodifiableMap(new LinkedHashMap<>(members));
  }

  /** Parses {@code id=host:port,...}; throws {@link IllegalArgumentException} with a readable message. */
  public static ClusterSpec parse(String spec) {
    if (spec == null || spec.isBlank()) {
      throw new IllegalArgumentException("--cluster is empty; expected id=host:port,id=host:port,...");
    }
    Map<String, InetSocketAddress> out = new LinkedHashMap<>();
    for (String part : spec.split(",")) {
      String item = part.trim();
      int eq = item.indexOf('=');
      if (eq <= 0) {
        throw new IllegalArgumentException("bad --cluster member '" + item + "': expected id=host:port");
      }
      String id = item.substring(0, eq);
      if (!ID.matcher(id).matches()) {
        throw new IllegalArgumentException("bad node id '" + id + "': use letters, digits, '-', '_' or '.'");
      }
      if (out.containsKey(id)) {
        throw new IllegalArgumentException("node id '" + id + "' appears twice in --cluster");
      }
      out.put(id, parseAddress(item.substring(eq + 1), "--cluster member " + id));
    }
    return new ClusterSpec(out);
  }

  /** Parses {@code host:port} (IPv6 as {@code [::1]:port}). */
  public static InetSocketAddress parseAddress(String hostPort, String what) {
    String s = hostPort.trim();
    int colon = s.lastIndexOf(':');
    if (colon <= 0 || colon == s.length() - 1) {
      throw new IllegalArgumentException(what + ": expected host:port, got '" + hostPort + "'");
    }
    String host = s.substring(0, colon);
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    int port;
    try {
      port = Integer.parseInt(s.substring(colon + 1));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(what + ": bad port in '" + hostPort + "'");
    }
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException(what + ": port out of range in '" + hostPort + "'");
    }
    return InetSocketAddress.createUnresolved(host, port);
  }

  /** {@code host:port}, IPv6 hosts in brackets: the form member tables and join requests carry. */
  public static String hostPort(InetSocketAddress a) {
    String host = a.getHostString();
    return (host.contains(":") ? "[" + host + "]" : host) + ":" + a.getPort();
  }

  /**
   * Whether {@code a} names "every interface" (0.0.0.0, ::, or no host): fine to bind, useless to dial, so
   * a node bound there must advertise another address. Only IP literals are inspected (no name lookup).
   */
  public static boolean isWildcard(InetSocketAddress a) {
    String host = a.getHostString();
    if (host.isEmpty() || host.equals("0.0.0.0")) {
      return true;
    }
    try {
      return host.contains(":") && InetAddress.getByName(host).isAnyLocalAddress();
    } catch (UnknownHostException notALiteral) {
      return false;
    }
  }

  /** The canonical text form, {@code id=host:port,...} in the given order. */
  public String format() {
    StringBuilder b = new StringBuilder();
    members.forEach((id, a) -> {
      if (b.length() > 0) {
        b.append(',');
      }
      b.append(id).append('=').append(a.getHostString()).append(':').append(a.getPort());
    });
    return b.toString();
  }

  /**
   * A cluster id derived from the founding membership, so nodes started with different --cluster lists
   * cannot talk to each other by accident (etcd derives its cluster id the same way).
   */
  public String derivedClusterId() {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(format().getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
