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

  /** Decodes {@link #toContext()}; throws {@link IllegalArgumentException} when malformed. */
  static MemberAddress fromContext(String id, byte[] context) {
    try {
      ByteBuffer b = ByteBuffer.wrap(context);
      if (b.get() != CONTEXT_VERSION) {
        throw new IllegalArgumentException("unknown member context version");
      }
      String peer = string(b);
      String url = string(b);
      if (b.hasRemaining()) {
        throw new IllegalArgumentException("trailing bytes in member context");
      }
      return new MemberAddress(id, peer, url);
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
