package io.raftkv.raft.proto;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.nio.ByteBuffer;

/**
 * A membership change proposal, stored as the data of a {@link EntryType#CONF_CHANGE} entry. An empty list
 * of changes means "leave the current joint configuration" (thesis §4.3: C_old,new then C_new).
 *
 * <p>{@link #toBytes()} / {@link #fromBytes(byte[])} are the stable on-log encoding: a version byte, the
 * transition ordinal, a change count, and per change its type ordinal and UTF-8 node id (version 1); version
 * 2 adds, per change, a length-prefixed opaque {@link ConfChangeSingle#context()}. A change without
 * contexts is still written as version 1, byte for byte as before, so logs, golden traces and older
 * readers see no difference; both versions are read.
 */
public record ConfChange(ConfChangeTransition transition, List<ConfChangeSingle> changes) {

  private static final byte VERSION = 1;
  private static final byte VERSION_WITH_CONTEXT = 2;

  public ConfChange {
    changes = List.copyOf(changes);
  }

  public static ConfChange of(ConfChangeSingle... changes) {
    return new ConfChange(ConfChangeTransition.AUTO, List.of(changes));
  }

  /** The change that leaves a joint configuration. */
  public static ConfChange leaveJoint() {
    return new ConfChange(ConfChangeTransition.AUTO, List.of());
  }

  public boolean isLeaveJoint() {
    return changes.isEmpty();
  }

  public byte[] toBytes() {
    boolean withContext = changes.stream().anyMatch(ConfChangeSingle::hasContext);
    int size = 1 + 1 + 4;
    List<byte[]> ids = new ArrayList<>(changes.size());
    for (ConfChangeSingle c : changes) {
      byte[] id = c.nodeId().getBytes(StandardCharsets.UTF_8);
      ids.add(id);
      size += 1 + 4 + id.length + (withContext ? 4 + c.context().length : 0);
    }
    ByteBuffer b = ByteBuffer.allocate(size);
    b.put(withContext ? VERSION_WITH_CONTEXT : VERSION).put((byte) transition.ordinal()).putInt(changes.size());
    for (int i = 0; i < changes.size(); i++) {
      b.put((byte) changes.get(i).type().ordinal()).putInt(ids.get(i).length).put(ids.get(i));
      if (withContext) {
        byte[] ctx = changes.get(i).context();
        b.putInt(ctx.length).put(ctx);
      }
    }
    return b.array();
  }

  /** Decodes {@link #toBytes()}; throws {@link IllegalArgumentException} on malformed input. */
  public static ConfChange fromBytes(byte[] data) {
    try {
      ByteBuffer b = ByteBuffer.wrap(data);
      byte version = b.get();
      if (version != VERSION && version != VERSION_WITH_CONTEXT) {
        throw new IllegalArgumentException("unknown ConfChange encoding version " + version);
      }
      ConfChangeTransition t = ConfChangeTransition.values()[b.get()];
      int n = b.getInt();
      if (n < 0 || n > data.length) {
        throw new IllegalArgumentException("bad ConfChange count " + n);
      }
      List<ConfChangeSingle> out = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        ConfChangeType type = ConfChangeType.values()[b.get()];
        byte[] id = lengthPrefixed(b);
        byte[] context = version == VERSION_WITH_CONTEXT ? lengthPrefixed(b) : null;
        out.add(new ConfChangeSingle(type, new String(id, StandardCharsets.UTF_8), context));
      }
      if (b.hasRemaining()) {
        throw new IllegalArgumentException("trailing bytes after ConfChange");
      }
      return new ConfChange(t, out);
    } catch (RuntimeException e) {
      if (e instanceof IllegalArgumentException iae) {
        throw iae;
      }
      throw new IllegalArgumentException("malformed ConfChange", e);
    }
  }

  private static byte[] lengthPrefixed(ByteBuffer b) {
    int n = b.getInt();
    if (n < 0 || n > b.remaining()) {
      throw new IllegalArgumentException("bad ConfChange field length " + n);
    }
    byte[] out = new byte[n];
    b.get(out);
    return out;
  }
}
