package io.raftkv.bench.jmh;

import io.raftkv.raft.proto.AppendEntries;
import io.raftkv.raft.proto.Entry;
import io.raftkv.raft.proto.Message;
import io.raftkv.server.transport.InboundHandler;
import io.raftkv.transport.netty.NettyTransport;
import io.raftkv.transport.netty.TransportConfig;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
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
 * The peer transport's send loop: {@link NettyTransport#send} of AppendEntries carrying {@code entries} entries
 * of {@code entryBytes} bytes to one peer over loopback, with at most {@link #WINDOW} messages outstanding (so
 * the bounded outbound queue never drops and the rate is what the connection sustains). Results are messages
 * per second, on epoll and on NIO. Each iteration ends by draining the window, so no message sent in one
 * iteration is received in the next; the trial fails if any message arrived out of order or was dropped.
 * Replaces the timing part of raft-transport's former {@code SendLoopThroughputTest}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class SendLoopBenchmark {

  static final int WINDOW = 1024;

  @Param({"true", "false"})
  boolean epoll;

  @Param("64")
  int entries;

  @Param("256")
  int entryBytes;

  private final Semaphore window = new Semaphore(WINDOW);
  private final AtomicLong outOfOrder = new AtomicLong();
  private final AtomicLong unreachable = new AtomicLong();
  private NettyTransport sender;
  private NettyTransport receiver;
  private List<Entry> payload;
  private long nextPrev;
  private volatile long lastPrev = -1;

  @Setup(Level.Trial)
  public void setUp() {
    payload = new ArrayList<>(entries);
    for (int i = 0; i < entries; i++) {
      byte[] data = new byte[entryBytes];
      data[0] = (byte) i;
      payload.add(Entry.normal(1, i + 1, data));
    }
    receiver = NettyTransport.create(config("b", Map.of()));
    receiver.start(new InboundHandler() {
      @Override
      public void onMessage(Message m) {
        // One connection, one I/O thread: messages arrive one at a time, in the order they were sent.
        long prev = ((AppendEntries) m).prevLogIndex();
        if (prev != lastPrev + 1) {
          outOfOrder.incrementAndGet();
        }
        lastPrev = prev;
        window.release();
      }

      @Override
      public void onUnreachable(String peerId) {}
    });
    sender = NettyTransport.create(config("a", Map.of("b", receiver.localAddress())));
    sender.start(new InboundHandler() {
      @Override
      public void onMessage(Message m) {}

      @Override
      public void onUnreachable(String peerId) {
        unreachable.incrementAndGet();
      }
    });
    receiver.updatePeers(Map.of("a", sender.localAddress()));
  }

  private TransportConfig config(String id, Map<String, InetSocketAddress> peers) {
    return TransportConfig.of("bench-cluster", id, new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), peers)
        .withPreferEpoll(epoll)
        .withIoThreads(1);
  }

  @Benchmark
  public void send() {
    window.acquireUninterruptibly();
    sender.send(new AppendEntries("a", "b", 1, nextPrev++, 1, payload, 0));
  }

  /** Waits until every message of this iteration was received. */
  @TearDown(Level.Iteration)
  public void drain() {
    window.acquireUninterruptibly(WINDOW);
    window.release(WINDOW);
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    sender.close();
    receiver.close();
    if (outOfOrder.get() != 0 || unreachable.get() != 0) {
      throw new IllegalStateException(outOfOrder.get() + " messages arrived out of order, " + unreachable.get()
          + " unreachable reports: the measurement is not of a clean send loop");
    }
  }
}
