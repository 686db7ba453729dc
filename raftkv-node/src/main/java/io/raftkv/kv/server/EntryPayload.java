package io.raftkv.kv.server;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * The data of a KV log entry: a version byte, the {@link RequestId} (16 bytes), then the encoded
 * {@link io.raftkv.kv.KvCommand}. Entries that do not parse (or carry another version) are skipped by
 * every replica alike, so replicas stay identical.
 */
final class EntryPayload {

  static final byte VERSION = 1;
  private static final int HEADER = 1 + 16;

  private EntryPayload() {}

  static byte[] encode(RequestId id, byte[] command) {
    ByteBuffer b = ByteBuffer.allocate(HEADER + command.length);
    b.put(VERSION).putLong(id.process()).putLong(id.sequence()).put(command);
    return b.array();
  }

  /** The request id, or {@code null} if {@code data} is not a KV payload of a known version. */
  static RequestId requestId(byte[] data) {
    if (data.length < HEADER || data[0] != VERSION) {
      return null;
    }
    ByteBuffer b = ByteBuffer.wrap(data, 1, 16);
    return new RequestId(b.getLong(), b.getLong());
  }

  static byte[] command(byte[] data) {
    return Arrays.copyOfRange(data, HEADER, data.length);
  }
}
