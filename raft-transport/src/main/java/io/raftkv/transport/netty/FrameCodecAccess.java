package io.raftkv.transport.netty;

import com.google.protobuf.InvalidProtocolBufferException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.raftkv.transport.codec.pb.Envelope;

/**
 * Lets the JMH codec benchmark (bench module) call the package-private {@link FrameCodec},
 * so it measures the exact encode and decode the Netty pipeline runs, not a re-implementation.
 */
public final class FrameCodecAccess {

  private FrameCodecAccess() {
  }

  /** Length prefix size of a frame. */
  public static int lengthBytes() {
    return FrameCodec.LENGTH_BYTES;
  }

  /** See {@link FrameCodec#encode}: the caller releases the buffer. */
  public static ByteBuf encode(ByteBufAllocator alloc, Envelope env) {
    return FrameCodec.encode(alloc, env);
  }

  /** See {@link FrameCodec#decode}: {@code body} is the frame without its length prefix. */
  public static Envelope decode(ByteBuf body) throws InvalidProtocolBufferException {
    return FrameCodec.decode(body);
  }
}
