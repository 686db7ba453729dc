package io.raftkv.kv.http;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;
import io.raftkv.kv.http.stream.Chunk;
import io.raftkv.kv.http.stream.ChunkSource;
import io.raftkv.kv.http.stream.DataSignal;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/** {@link ChunkSource}s for tests, each counting what the HTTP layer does with it. */
final class TestSources {

  private TestSources() {}

  /**
   * Counts pulls and closes, and notices a pull after the close (which the HTTP layer must never do). The
   * counters are read by the test thread while the event loop updates them, hence atomics.
   */
  abstract static class Probe implements ChunkSource {
    final AtomicInteger pulled = new AtomicInteger();
    final AtomicInteger closes = new AtomicInteger();
    final AtomicBoolean usedAfterClose = new AtomicBoolean();
    final CompletableFuture<DataSignal> started = new CompletableFuture<>();

    @Override
    public void start(DataSignal signal) {
      started.complete(signal);
    }

    @Override
    public final Chunk next(ByteBufAllocator alloc) {
      if (closes.get() > 0) {
        usedAfterClose.set(true);
      }
      Chunk chunk = produce();
      if (chunk instanceof Chunk.Data) {
        pulled.incrementAndGet();
      }
      return chunk;
    }

    abstract Chunk produce();

    @Override
    public void close() {
      closes.incrementAndGet();
    }
  }

  /**
   * {@code total} chunks of {@code size} bytes whose content is a function of the byte's offset (see {@link
   * #expected}), always ready; {@code Integer.MAX_VALUE} chunks is a source that never runs dry. With
   * {@code failAfter} >= 0 it throws instead of producing chunk number {@code failAfter}.
   */
  static final class Generated extends Probe {
    private final int total;
    private final int size;
    private final int failAfter;
    private int produced;

    Generated(int total, int size) {
      this(total, size, -1);
    }

    Generated(int total, int size, int failAfter) {
      this.total = total;
      this.size = size;
      this.failAfter = failAfter;
    }

    @Override
    Chunk produce() {
      if (produced == failAfter) {
        throw new IllegalStateException("source failure injected by the test");
      }
      if (produced == total) {
        return Chunk.end();
      }
      byte[] bytes = new byte[size];
      long base = (long) produced * size;
      for (int i = 0; i < size; i++) {
        bytes[i] = byteAt(base + i);
      }
      produced++;
      return Chunk.data(Unpooled.wrappedBuffer(bytes));
    }

    /** The body of {@code chunks} chunks of {@code size} bytes. */
    static byte[] expected(int chunks, int size) {
      byte[] body = new byte[chunks * size];
      for (int i = 0; i < body.length; i++) {
        body[i] = byteAt(i);
      }
      return body;
    }

    private static byte byteAt(long offset) {
      // Not periodic in any chunk size a test uses, so a lost, repeated or reordered chunk shows.
      return (byte) (offset * 31 + offset / 4093);
    }
  }

  /**
   * Chunks the test hands over one at a time with {@link #offer} and {@link #end}; empty until then, which is
   * how a watch looks while it waits for the next revision.
   */
  static final class Fed extends Probe {
    private static final Object END = new Object();
    private final ConcurrentLinkedQueue<Object> queue = new ConcurrentLinkedQueue<>();
    private volatile HttpHeaders trailers = new DefaultHttpHeaders();

    /** Queues {@code text} as a chunk and, once the stream has started, signals it. */
    Fed offer(String text) {
      queue.add(text);
      signal();
      return this;
    }

    Fed end(HttpHeaders endTrailers) {
      trailers = endTrailers;
      queue.add(END);
      signal();
      return this;
    }

    private void signal() {
      DataSignal signal = started.getNow(null);
      if (signal != null) {
        signal.dataAvailable();
      }
    }

    @Override
    Chunk produce() {
      Object next = queue.poll();
      if (next == null) {
        return null;
      }
      if (next == END) {
        return Chunk.end(trailers);
      }
      ByteBuf buf = Unpooled.copiedBuffer((String) next, UTF_8);
      return Chunk.data(buf);
    }
  }
}
