package io.raftkv.transport.netty;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;
import io.raftkv.transport.codec.pb.Envelope;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;

/**
 * The frame format: a 4-byte big-endian unsigned body length, then the body, an encoded
 * {@link Envelope}. Fixed-width rather than varint so a reader learns a frame's size from a fixed
 * number of bytes and rejects an oversized frame before buffering any of it.
 *
 * <p>Stateless; {@link #newFrameDecoder(int)} returns a new stateful splitter per connection. Public
 * ({@link #encode}, {@link #decode}, {@link #LENGTH_BYTES}) because the frame format is the wire contract
 * between nodes, and so that measurements (bench's {@code FrameCodecBenchmark}) run this exact code.
 */
public final class FrameCodec {

  /** Size of a frame's length prefix. */
  public static final int LENGTH_BYTES = 4;

  private FrameCodec() {}

  /**
   * Splits a byte stream into frame bodies (length prefix stripped). A length above
   * {@code maxFrameBytes} raises {@link io.netty.handler.codec.TooLongFrameException} as soon as the
   * prefix is read (fail-fast), without buffering the body.
   */
  static LengthFieldBasedFrameDecoder newFrameDecoder(int maxFrameBytes) {
    return new LengthFieldBasedFrameDecoder(maxFrameBytes + LENGTH_BYTES, 0, LENGTH_BYTES, 0, LENGTH_BYTES, true);
  }

  /** Encodes one frame into a new buffer from {@code alloc}; the caller owns (and must release) it. */
  public static ByteBuf encode(ByteBufAllocator alloc, Envelope env) {
    int size = env.getSerializedSize();
    ByteBuf buf = alloc.ioBuffer(LENGTH_BYTES + size);
    try {
      buf.writeInt(size);
      ByteBuffer body = buf.nioBuffer(buf.writerIndex(), size);
      CodedOutputStream out = CodedOutputStream.newInstance(body);
      env.writeTo(out);
      out.flush();
      out.checkNoSpaceLeft();
      buf.writerIndex(buf.writerIndex() + size);
      return buf;
    } catch (IOException e) {
      buf.release();
      throw new UncheckedIOException("encoding a frame into a buffer of its exact size failed", e);
    } catch (RuntimeException e) {
      buf.release();
      throw e;
    }
  }

  /** Parses one frame body (without its length prefix). Does not release {@code body}. */
  public static Envelope decode(ByteBuf body) throws InvalidProtocolBufferException {
    CodedInputStream in;
    if (body.nioBufferCount() == 1) {
      in = CodedInputStream.newInstance(body.nioBuffer());
    } else {
      byte[] copy = new byte[body.readableBytes()];
      body.getBytes(body.readerIndex(), copy);
      in = CodedInputStream.newInstance(copy);
    }
    try {
      // Parsing stops only at end of input (or throws), so the whole body is one envelope.
      return Envelope.parseFrom(in);
    } catch (InvalidProtocolBufferException e) {
      throw e;
    } catch (IOException e) {
      throw new InvalidProtocolBufferException(e);
    }
  }
}
