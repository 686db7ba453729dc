package io.raftkv.kv.server;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * Where one member is reached: its Raft peer address ({@code host:port}) and its client URL
 * ({@code http://host:port}). Replicated in the log, as the context of the conf change that admits the
 * member ({@link #toContext()}) or as a {@link MemberAnnouncement}, so every replica knows every member.
 *
 * <p>Invariant: {@code id} matches {@link ClusterSpec#ID}; {@code peerAddress} is empty (a founder known
 * only from the bootstrap configuration, until it announces itself) or a valid host:port;
 * {@code clientUrl} is empty (not known yet: a founder that has not announced itself) or a valid
 * http(s) URL with host and port and no path.
 */
record MemberAddress(String id, String peerAddress, String clientUrl) {

  private static final byte CONTEXT_VERSION = 1;
  private static final byte CONTEXT_VERSION_FLAGS = 2;
  private static final byte FLAG_AUTO_PROMOTE = 1;

  MemberAddress {
    Objects.requireNonNull(id, "id");
    peerAddress = peerAddress == null ? "" : peerAddress;
    clientUrl = clientUrl == null ? "" : clientUrl;
    if (!ClusterSpec.ID.matcher(id).matches()) {
      throw new IllegalArgumentException("bad member id '" + id + "': use 1 to 64 letters, digits, '-', '_' or '.'");
    }
    if (!peerAddress.isEmpty()) {
      ClusterSpec.parseAddress(peerAddress, "peerAddress of " + id);
    }
    if (!clientUrl.isEmpty()) {
      checkUrl(clientUrl);
    }
  }

  /** Normalizes {@code peerAddress} to host:port; throws {@link IllegalArgumentException} when malformed. */
  static MemberAddress of(String id, String peerAddress, String clientUrl) {
    InetSocketAddress a = ClusterSpec.parseAddress(peerAddress == null ? "" : peerAddress, "peerAddress");
    return new MemberAddress(id, hostPort(a), clientUrl);
  }

  static String hostPort(InetSocketAddress a) {
    return ClusterSpec.hostPort(a);
  }

  /** A member known only by id (from a conf change without context). */
  static MemberAddress unknown(String id) {
    return new MemberAddress(id, "", "");
  }

  /** Where to reach its peer transport; null when not known yet. */
  InetSocketAddress socketAddress() {
    if (peerAddress.isEmpty()) {
      return null;
    }
    InetSocketAddress a = ClusterSpec.parseAddress(peerAddress, "peerAddress of " + id);
    return new InetSocketAddress(a.getHostString(), a.getPort());
  }

  /** Checks a client URL against the invariant above; returns it parsed. */
  static URI checkUrl(String url) {
    URI u;
    try {
      u = new URI(url);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("malformed clientUrl '" + url + "': " + e.getReason());
    }
    boolean ok = ("http".equals(u.getScheme()) || "https".equals(u.getScheme())) && u.getHost() != null
        && u.getPort() > 0 && (u.getRawPath() == null || u.getRawPath().isEmpty() || u.getRawPath().equals("/"))
        && u.getRawQuery() == null && u.getRawFragment() == null && u.getRawUserInfo() == null;
    if (!ok) {
      throw new IllegalArgumentException("malformed clientUrl '" + url + "': expected http://host:port");
    }
    return u;
  }

  /** The opaque conf change context: a version byte, then length-prefixed UTF-8 peer address and URL. */
  byte[] toContext() {
    byte[] peer = peerAddress.getBytes(StandardCharsets.UTF_8);
    byte[] url = clientUrl.getBytes(StandardCharsets.UTF_8);
    return ByteBuffer.allocate(1 + 4 + peer.length + 4 + url.length)
        .put(CONTEXT_VERSION).putInt(peer.length).put(peer).putInt(url.length).put(url).array();
  }

  /**
   * The context of an ADD_LEARNER that also records the intent to promote the learner once it has caught
   * up (version 2: version 1's fields, then a flags byte, bit 0 = auto-promote). Written only when the
   * flag is set, so builds that know only version 1 read every other context as before.
   */
  byte[] toContextPromotingWhenCaughtUp() {
    byte[] v1 = toContext();
    byte[] v2 = java.util.Arrays.copyOf(v1, v1.length + 1);
    v2[0] = CONTEXT_VERSION_FLAGS;
    v2[v1.length] = FLAG_AUTO_PROMOTE;
    return v2;
  }

  /** Decodes {@link #toContext()} or its version 2; throws {@link IllegalArgumentException} when malformed. */
  static MemberAddress fromContext(String id, byte[] context) {
    return decode(id, context).address();
  }

  /** Whether {@code context} (a valid one) asks for promotion once caught up. */
  static boolean promotesWhenCaughtUp(String id, byte[] context) {
    return decode(id, context).autoPromote();
  }

  private record Decoded(MemberAddress address, boolean autoPromote) {}

  private static Decoded decode(String id, byte[] context) {
    try {
      ByteBuffer b = ByteBuffer.wrap(context);
      byte version = b.get();
      if (version != CONTEXT_VERSION && version != CONTEXT_VERSION_FLAGS) {
        throw new IllegalArgumentException("unknown member context version " + version);
      }
      String peer = string(b);
      String url = string(b);
      boolean autoPromote = version == CONTEXT_VERSION_FLAGS && (b.get() & FLAG_AUTO_PROMOTE) != 0;
      if (b.hasRemaining()) {
        throw new IllegalArgumentException("trailing bytes in member context");
      }
      return new Decoded(new MemberAddress(id, peer, url), autoPromote);
    } catch (BufferUnderflowException e) {
      throw new IllegalArgumentException("truncated member context", e);
    }
  }

  static String string(ByteBuffer b) {
    int n = b.getInt();
    if (n < 0 || n > b.remaining()) {
      throw new IllegalArgumentException("bad string length " + n);
    }
    byte[] s = new byte[n];
    b.get(s);
    return new String(s, StandardCharsets.UTF_8);
  }
}
