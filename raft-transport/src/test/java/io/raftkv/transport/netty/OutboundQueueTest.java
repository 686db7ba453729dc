package io.raftkv.transport.netty;

import static org.assertj.core.api.Assertions.assertThat;

import io.raftkv.raft.proto.Heartbeat;
import io.raftkv.raft.proto.InstallSnapshot;
import io.raftkv.raft.proto.Message;
import io.raftkv.raft.proto.SnapshotMetadata;
import io.raftkv.transport.codec.MessageSizes;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class OutboundQueueTest {

  private static Heartbeat hb(long term) {
    return new Heartbeat("a", "b", term, 0, 0);
  }

  private static InstallSnapshot chunk(int bytes) {
    return new InstallSnapshot("a", "b", 1, SnapshotMetadata.EMPTY, 0, new byte[bytes], false);
  }

  @Test
  void isFifo() {
    OutboundQueue q = new OutboundQueue(10, 1 << 20);
    for (int i = 0; i < 5; i++) {
      assertThat(q.offer(hb(i))).isTrue();
    }
    List<Long> terms = new ArrayList<>();
    for (Message m; (m = q.poll()) != null; ) {
      terms.add(m.term());
    }
    assertThat(terms).containsExactly(0L, 1L, 2L, 3L, 4L);
    assertThat(q.isEmpty()).isTrue();
  }

  @Test
  void refusesBeyondTheMessageBoundAndAcceptsAgainAfterPoll() {
    OutboundQueue q = new OutboundQueue(3, 1 << 20);
    assertThat(q.offer(hb(1)) && q.offer(hb(2)) && q.offer(hb(3))).isTrue();

    assertThat(q.offer(hb(4))).isFalse();
    q.poll();
    assertThat(q.offer(hb(5))).isTrue();
  }

  @Test
  void refusesBeyondTheByteBoundButAlwaysAdmitsOneMessageIntoAnEmptyQueue() {
    long chunkSize = MessageSizes.estimate(chunk(1000));
    OutboundQueue q = new OutboundQueue(100, 2 * chunkSize);

    assertThat(q.offer(chunk(1000))).isTrue();
    assertThat(q.offer(chunk(1000))).isTrue();
    assertThat(q.offer(chunk(1000))).isFalse();
    assertThat(q.clear()).isEqualTo(2);
    assertThat(q.offer(chunk(100_000))).isTrue(); // larger than the bound, but alone
    assertThat(q.offer(hb(1))).isFalse();
  }

  @Test
  void concurrentProducersNeverOvershootTheBound() throws Exception {
    int bound = 1000;
    OutboundQueue q = new OutboundQueue(bound, Long.MAX_VALUE);
    AtomicInteger accepted = new AtomicInteger();
    CountDownLatch go = new CountDownLatch(1);
    List<Thread> producers = new ArrayList<>();
    for (int t = 0; t < 4; t++) {
      Thread th = new Thread(() -> {
        go.countDown();
        for (int i = 0; i < 1000; i++) {
          if (q.offer(hb(i))) {
            accepted.incrementAndGet();
          }
        }
      });
      producers.add(th);
      th.start();
    }
    for (Thread th : producers) {
      th.join();
    }

    assertThat(accepted.get()).isEqualTo(bound);
    assertThat(q.clear()).isEqualTo(bound);
  }
}
