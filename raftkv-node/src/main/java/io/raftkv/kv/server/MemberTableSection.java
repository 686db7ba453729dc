package io.raftkv.kv.server;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PushbackInputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.TreeMap;
import java.util.zip.CRC32C;

/**
 * The member table section of {@link KvReplica}'s snapshot, written BEFORE the state machine's own
 * snapshot bytes so that a snapshot carries the member table of the same applied index.
 *
 * <p>Layout (v1): magic {@code "RKMT"}, version byte 1, int body length, body, CRC32C of the body (int).
 * Body: long configIndex, int count, then per member (ascending id) three UTF-8 strings, each an int
 * length and bytes: id, peerAddress, clientUrl. Version 2 (written only when some learner awaits
 * promotion, so older builds read every other snapshot) appends int count and the ids of
 * {@link MemberTable#autoPromote()}. A snapshot that does not start with the magic is a
 * snapshot of an older build (KV bytes only, which start with {@code "RKVS"}): it restores with an
 * empty table.
 *
 * <p>MERGE NOTE: this is the one place that knows the section's format; its {@link #write} /
 * {@link #read} work on streams so that the streamed snapshot API can call them before/after the KV
 * stream, and {@link #join}/{@link #split} wrap them for today's byte-array snapshots.
 */
final class MemberTableSection {

  private static final byte[] MAGIC = {'R', 'K', 'M', 'T'};
  private static final int VERSION = 1;
  private static final int VERSION_AUTO_PROMOTE = 2;
  private static final int MAX_BODY = 16 << 20;

  /** A snapshot's parts. */
  record Split(MemberTable table, byte[] rest) {}

  private MemberTableSection() {}

  /** Writes the section for {@code table} to {@code out}. */
  static void write(MemberTable table, OutputStream out) throws IOException {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    DataOutputStream b = new DataOutputStream(body);
    b.writeLong(table.configIndex());
    b.writeInt(table.members().size());
    for (MemberAddress m : table.members().values()) {
      writeString(b, m.id());
      writeString(b, m.peerAddress());
      writeString(b, m.clientUrl());
    }
    int version = table.autoPromote().isEmpty() ? VERSION : VERSION_AUTO_PROMOTE;
    if (version == VERSION_AUTO_PROMOTE) {
      b.writeInt(table.autoPromote().size());
      for (String id : table.autoPromote()) {
        writeString(b, id);
      }
    }
    byte[] bytes = body.toByteArray();
    CRC32C crc = new CRC32C();
    crc.update(bytes);
    DataOutputStream d = new DataOutputStream(out);
    d.write(MAGIC);
    d.writeByte(version);
    d.writeInt(bytes.length);
    d.write(bytes);
    d.writeInt((int) crc.getValue());
    d.flush();
  }

  /**
   * Reads a section from the start of {@code in} if there is one (else returns {@link MemberTable#EMPTY}
   * and leaves {@code in} where it was); throws {@link IllegalArgumentException} on a corrupt section.
   */
  static MemberTable read(PushbackInputStream in) throws IOException {
    byte[] head = in.readNBytes(MAGIC.length);
    if (!Arrays.equals(head, MAGIC)) {
      in.unread(head);
      return MemberTable.EMPTY;
    }
    DataInputStream d = new DataInputStream(in);
    int version = d.readUnsignedByte();
    if (version != VERSION && version != VERSION_AUTO_PROMOTE) {
      throw new IllegalArgumentException("member table section: unknown version " + version);
    }
    int length = d.readInt();
    if (length < 0 || length > MAX_BODY) {
      throw new IllegalArgumentException("member table section: bad length " + length);
    }
    byte[] body = d.readNBytes(length);
    int expected = d.readInt();
    CRC32C crc = new CRC32C();
    crc.update(body);
    if (body.length != length || (int) crc.getValue() != expected) {
      throw new IllegalArgumentException("member table section: checksum mismatch");
    }
    DataInputStream b = new DataInputStream(new ByteArrayInputStream(body));
    long configIndex = b.readLong();
    int count = b.readInt();
    if (count < 0 || count > length) {
      throw new IllegalArgumentException("member table section: bad count " + count);
    }
    TreeMap<String, MemberAddress> members = new TreeMap<>();
    for (int i = 0; i < count; i++) {
      MemberAddress m = new MemberAddress(readString(b), readString(b), readString(b));
      members.put(m.id(), m);
    }
    java.util.TreeSet<String> autoPromote = new java.util.TreeSet<>();
    if (version == VERSION_AUTO_PROMOTE) {
      int promoting = b.readInt();
      if (promoting < 0 || promoting > count) {
        throw new IllegalArgumentException("member table section: bad auto-promote count " + promoting);
      }
      for (int i = 0; i < promoting; i++) {
        autoPromote.add(readString(b));
      }
    }
    return new MemberTable(configIndex, members, autoPromote);
  }

  /** {@code table}'s section followed by {@code rest}. */
  static byte[] join(MemberTable table, byte[] rest) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(rest.length + 256);
    try {
      write(table, out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    out.writeBytes(rest);
    return out.toByteArray();
  }

  /** Inverse of {@link #join}; a snapshot without a section splits into the empty table and itself. */
  static Split split(byte[] snapshot) {
    PushbackInputStream in = new PushbackInputStream(new ByteArrayInputStream(snapshot), MAGIC.length);
    try {
      MemberTable table = read(in);
      return new Split(table, in.readAllBytes());
    } catch (java.io.EOFException e) {
      throw new IllegalArgumentException("member table section: truncated", e);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void writeString(DataOutputStream out, String s) throws IOException {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    out.writeInt(b.length);
    out.write(b);
  }

  private static String readString(DataInputStream in) throws IOException {
    int n = in.readInt();
    if (n < 0 || n > MAX_BODY) {
      throw new IllegalArgumentException("member table section: bad string length " + n);
    }
    byte[] b = in.readNBytes(n);
    if (b.length != n) {
      throw new java.io.EOFException();
    }
    return new String(b, StandardCharsets.UTF_8);
  }

}
