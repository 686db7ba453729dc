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
 * transition ordinal, a change count, and per change its type ordinal and UTF-8 node id.
 */
public record ConfChange(ConfChangeTransition transition, List<ConfChangeSingle> changes) {

  private static final byte VERSION = 1;

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
    int size = 1 + 1 + 4;
    List<byte[]> ids = new ArrayList<>(changes.size());
    for (ConfChangeSingle c : changes) {
      byte[] id = c.nodeId().getBytes(StandardCharsets.UTF_8);
      ids.add(id);
      size += 1 + 4 + id.length;
    }
    ByteBuffer b = ByteBuffer.allocate(size);
    b.put(VERSION).put((byte) transition.ordinal()).putInt(changes.size());
    for (int i = 0; i < changes.size(); i++) {
      b.put((byte) changes.get(i).type().ordinal()).putInt(ids.get(i).length).put(ids.get(i));
    }
    return b.array();
  }

  /** Decodes {@link #toBytes()}; throws {@link IllegalArgumentException} on malformed input. */
  public static ConfChange fromBytes(byte[] data) {
    try {
      ByteBuffer b = ByteBuffer.wrap(data);
      if (b.get() != VERSION) {
        throw new IllegalArgumentException("unknown ConfChange encoding version");
      }
      ConfChangeTransition t = ConfChangeTransition.values()[b.get()];
      int n = b.getInt();
      if (n < 0 || n > data.length) {
        throw new IllegalArgumentException("bad ConfChange count " + n);
      }
      List<ConfChangeSingle> out = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        ConfChangeType type = ConfChangeType.values()[b.get()];
        byte[] id = new byte[b.getInt()];
        b.get(id);
        out.add(new ConfChangeSingle(type, new String(id, StandardCharsets.UTF_8)));
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
}
