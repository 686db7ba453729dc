package io.raftkv.kv.server;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The data of a log entry by which a member states its own addresses: a version byte distinct from
 * {@link EntryPayload#VERSION}, the UTF-8 member id, then {@link MemberAddress#toContext()}. The founders
 * of a cluster are admitted by the bootstrap configuration, which carries no addresses, so each founder
 * announces itself once it knows a leader (and again when its client URL changed across a restart).
 * Applied by {@link MemberTable#withAnnouncement} only to members already in the table.
 */
final class MemberAnnouncement {

  static final byte VERSION = 2;

  private MemberAnnouncement() {}

  static boolean is(byte[] data) {
    return data.length > 0 && data[0] == VERSION;
  }

  static byte[] encode(MemberAddress m) {
    byte[] id = m.id().getBytes(StandardCharsets.UTF_8);
    byte[] ctx = m.toContext();
    return ByteBuffer.allocate(1 + 4 + id.length + ctx.length).put(VERSION).putInt(id.length).put(id).put(ctx)
        .array();
  }

  /** Decodes {@link #encode}; throws {@link IllegalArgumentException} when malformed. */
  static MemberAddress decode(byte[] data) {
    try {
      ByteBuffer b = ByteBuffer.wrap(data);
      if (b.get() != VERSION) {
        throw new IllegalArgumentException("not a member announcement");
      }
      String id = MemberAddress.string(b);
      return MemberAddress.fromContext(id, Arrays.copyOfRange(data, b.position(), data.length));
    } catch (java.nio.BufferUnderflowException e) {
      throw new IllegalArgumentException("truncated member announcement", e);
    }
  }
}
