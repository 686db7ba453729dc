package io.raftkv.transport.netty;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.raftkv.raft.proto.AppendEntries;
import io.raftkv.raft.proto.Message;
import io.raftkv.server.transport.InboundHandler;
import io.raftkv.server.transport.RecordingHandler;
import io.raftkv.server.transport.SampleMessages;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A sustained send loop to one peer over loopback (AppendEntries of 64 x 256-byte entries, at most
 * {@code WINDOW} outstanding so the bounded queue never drops): every message arrives, in send order, and
 * the sender is never told the peer is unreachable. Its throughput is measured by bench's
 * {@code SendLoopBenchmark}, not here.
 */
class SendLoopOrderTest {

  private static final int WINDOW = 1024;
  private static final int MESSAGES = 3_000;

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

  @ParameterizedTest(name = "epoll={0}")
  @ValueSource(booleans = {true, false})
  void everyMessageOfASustainedSendLoopArrivesInOrder(boolean epoll) {
    CountingHandler sink = new CountingHandler();
    var b = NettyTransport.create(Loopback.config("b", Loopback.anyPort(), epoll));
    b.start(sink);
    var a = NettyTransport.create(Loopback.config("a", Loopback.anyPort(), epoll)
        .withPeers(Map.of("b", b.localAddress())));
    RecordingHandler aHandler = new RecordingHandler();
    a.start(aHandler);
    b.updatePeers(Map.of("a", a.localAddress()));
    try (a; b) {
      for (int i = 0; i < MESSAGES; i++) {
        sink.window.acquireUninterruptibly(); // at most WINDOW in flight: the queue bound is never hit
        a.send(SampleMessages.append("a", "b", i, 64, 256));
      }
      await().atMost(Duration.ofSeconds(120)).until(() -> sink.received.get() == MESSAGES);
      assertThat(sink.outOfOrder.get()).isZero();
      assertThat(aHandler.unreachable()).isEmpty();
    }
  }
}
