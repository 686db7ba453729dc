package io.raftkv.transport.netty;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.raftkv.raft.proto.AppendEntries;
import io.raftkv.raft.proto.Message;
import io.raftkv.server.transport.InboundHandler;
import io.raftkv.server.transport.SampleMessages;
import io.raftkv.transport.codec.MessageCodec;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * Throughput of a plain send loop, one peer over loopback: AppendEntries of 64 x 256-byte entries, at
 * most {@code WINDOW} messages outstanding (so the bounded queue never drops). Also checks that every
 * message arrives, in order. Size with -Draftkv.transport.bench.messages=N (default 6000).
 */
class SendLoopThroughputTest {

  private static final int WINDOW = 1024;

  /** Counts and order-checks without retaining messages. */
  private static final class CountingHandler implements InboundHandler {
    final AtomicLong received = new AtomicLong();
    final AtomicLong outOfOrder = new AtomicLong();
    final Semaphore window = new Semaphore(WINDOW);
    volatile long lastPrev = -1;

    @Override
    public void onMessage(Message m) {
      long prev = ((AppendEntries) m).prevLogIndex();
      if (prev != lastPrev + 1) {
        outOfOrder.incrementAndGet();
      }
      lastPrev = prev;
      received.incrementAndGet();
      window.release();
    }

    @Override
    public void onUnreachable(String peerId) {}
  }

  @Test
  void sendLoopThroughput() {
    int n = Integer.getInteger("raftkv.transport.bench.messages", 6_000);
    for (boolean epoll : new boolean[] {true, false}) {
      run(n, epoll);
    }
  }

  private void run(int n, boolean epoll) {
    CountingHandler sink = new CountingHandler();
    var b = NettyTransport.create(Loopback.config("b", Loopback.anyPort(), epoll));
    b.start(sink);
    var aCfg = Loopback.config("a", Loopback.anyPort(), epoll).withPeers(Map.of("b", b.localAddress()));
    var aHandler = new io.raftkv.server.transport.RecordingHandler();
    var a = NettyTransport.create(aCfg);
    a.start(aHandler);
    b.updatePeers(Map.of("a", a.localAddress()));
    try (a; b) {
      AppendEntries[] msgs = new AppendEntries[n];
      for (int i = 0; i < n; i++) {
        msgs[i] = SampleMessages.append("a", "b", i, 64, 256);
      }
      int frameBytes = MessageCodec.toEnvelope(aCfg.clusterId(), msgs[0]).getSerializedSize() + 4;
      // Warm up the connection so its setup is not timed.
      long warm = Math.min(n, 2000);
      long start = System.nanoTime();
      for (int i = 0; i < n; i++) {
        if (i == warm) {
          await().atMost(Duration.ofSeconds(60)).until(() -> sink.received.get() == warm);
          start = System.nanoTime();
        }
        sink.window.acquireUninterruptibly(); // flow control of the benchmark loop: at most WINDOW in flight
        a.send(msgs[i]);
      }
      await().atMost(Duration.ofSeconds(120)).until(() -> sink.received.get() == n);
      double secs = (System.nanoTime() - start) / 1e9;
      long timed = n - warm;
      System.out.printf("send loop (%s): %d AppendEntries x 64 x 256 B (%d B/frame) in %.2f s: %.0f msg/s, %.1f MiB/s%n",
          epoll && a.usesEpoll() ? "epoll" : "nio", timed, frameBytes, secs, timed / secs,
          timed * (double) frameBytes / secs / (1 << 20));
      assertThat(sink.outOfOrder.get()).isZero();
      assertThat(aHandler.unreachable()).isEmpty();
    }
  }
}
