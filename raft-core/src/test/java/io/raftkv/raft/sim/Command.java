package io.raftkv.raft.sim;

import java.nio.ByteBuffer;

/**
 * A client command of the simulated key-value state machine: write {@code value} to register {@code key}.
 * The id is unique per run, so a command can be traced from proposal to acknowledgement. {@code padding}
 * bytes make payloads of a chosen size (RPCBytes, snapshots of some size).
 */
public record Command(long id, int key, long value, int padding) {

  static final int HEADER_BYTES = 8 + 4 + 8;

  public byte[] encode() {
    return ByteBuffer.allocate(HEADER_BYTES + padding).putLong(id).putInt(key).putLong(value).array();
  }

  /** Decodes a NORMAL entry's payload; empty payloads (leader no-ops) are not commands. */
  public static Command decode(byte[] data) {
    if (data.length < HEADER_BYTES) {
      throw new IllegalArgumentException("not a simulator command: " + data.length + " bytes");
    }
    ByteBuffer b = ByteBuffer.wrap(data);
    return new Command(b.getLong(), b.getInt(), b.getLong(), data.length - HEADER_BYTES);
  }
}
