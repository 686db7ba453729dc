package io.raftkv.bench.jmh;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocator;
import io.raftkv.raft.proto.AppendEntries;
import io.raftkv.raft.proto.Entry;
import io.raftkv.raft.proto.Message;
import io.raftkv.transport.codec.CodecException;
import io.raftkv.transport.codec.MessageCodec;
import io.raftkv.transport.netty.FrameCodec;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The peer transport's frame codec on the hot message: an AppendEntries carrying {@code entries} entries of
 * {@code entryBytes} bytes. Encode = {@link MessageCodec#toEnvelope} + the length-prefixed protobuf frame into a
 * pooled buffer (what {@code PeerConnection} does per message); decode = parse the frame body +
 * {@link MessageCodec#fromEnvelope} (what the receiving pipeline does). Results are per message.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class FrameCodecBenchmark {

  @Param("64")
  int entries;

  @Param("256")
  int entryBytes;

  private final ByteBufAllocator alloc = PooledByteBufAllocator.DEFAULT;
  private AppendEntries message;
  private ByteBuf frame;

  @Setup(Level.Trial)
  public void setUp() {
    SplittableRandom random = new SplittableRandom(7);
    List<Entry> list = new ArrayList<>(entries);
    for (int i = 0; i < entries; i++) {
      byte[] data = new byte[entryBytes];
      random.nextBytes(data);
      list.add(Entry.normal(5, 1_000_000L + i, data));
    }
    message = new AppendEntries("n1", "n2", 5, 999_999L, 5, list, 999_000L);
    frame = FrameCodec.encode(alloc, MessageCodec.toEnvelope("bench-cluster", message));
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    frame.release();
  }

  @Benchmark
  public int encode() {
    ByteBuf buf = FrameCodec.encode(alloc, MessageCodec.toEnvelope("bench-cluster", message));
    int size = buf.readableBytes();
    buf.release();
    return size;
  }

  @Benchmark
  public Message decode() throws Exception {
    ByteBuf body = frame.slice(FrameCodec.LENGTH_BYTES, frame.readableBytes() - FrameCodec.LENGTH_BYTES);
    try {
      return MessageCodec.fromEnvelope(FrameCodec.decode(body));
    } catch (CodecException e) {
      throw new IllegalStateException("the benchmark's own frame did not decode", e);
    }
  }
}
