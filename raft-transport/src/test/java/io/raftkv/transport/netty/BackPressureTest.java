package io.raftkv.transport.netty;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.raftkv.raft.proto.AppendEntries;
import io.raftkv.raft.proto.Entry;
import io.raftkv.raft.proto.Heartbeat;
import io.raftkv.transport.codec.pb.Envelope;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * A peer that stops reading must not make the sender buffer without bound: once the socket, Netty's
 * buffer (high water mark) and the bounded queue are full, messages are dropped and the peer reported
 * unreachable, and the connection itself survives to carry later messages in order.
 */
class BackPressureTest {

  @Test
  void stalledPeerCausesDropsNotMemoryGrowth() throws Exception {
    try (ServerSocket sink = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      sink.setSoTimeout(10_000);
      InetSocketAddress sinkAddress = new InetSocketAddress(InetAddress.getLoopbackAddress(), sink.getLocalPort());
      var a = Loopback.start(Loopback.config("a", Loopback.anyPort(), true)
          .withQueueBounds(64, 4L << 20)
          .withPeers(Map.of("sink", sinkAddress)));
      Thread reader = null;
      try {
        a.transport().send(new Heartbeat("a", "sink", 1, 0, 0));
        Socket stalled = sink.accept();
        byte[] payload = new byte[64 << 10];
        // 2000 x 64 KiB = 125 MiB, far more than socket buffers + 2 MiB water mark + 4 MiB queue.
        for (int i = 1; i <= 2000; i++) {
          a.transport().send(new AppendEntries("a", "sink", 1, i, 1, List.of(Entry.normal(1, i + 1, payload)), 0));
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> a.handler().unreachable().contains("sink"));
        assertThat(a.transport().isConnected("sink")).isTrue();

        // The peer starts reading again: what arrives is in order, with gaps where messages were dropped.
        List<Long> received = new CopyOnWriteArrayList<>();
        reader = new Thread(() -> readFrames(stalled, received));
        reader.start();
        a.transport().send(new Heartbeat("a", "sink", 777, 0, 0));
        await().atMost(Duration.ofSeconds(20)).until(() -> received.contains(-777L));

        List<Long> indexes = received.stream().filter(x -> x > 0).toList();
        assertThat(indexes).isSorted().doesNotHaveDuplicates();
        assertThat(indexes.size()).isLessThan(2000);
      } finally {
        a.transport().close(); // closes the connection, which ends the reader
        if (reader != null) {
          reader.join(10_000);
        }
      }
    }
  }

  /** Records prevLogIndex of each AppendEntries, and -term of each Heartbeat, until the socket closes. */
  private static void readFrames(Socket socket, List<Long> out) {
    try (Socket s = socket) {
      DataInputStream in = new DataInputStream(s.getInputStream());
      while (true) {
        byte[] body = new byte[in.readInt()];
        in.readFully(body);
        Envelope env = Envelope.parseFrom(body);
        out.add(env.hasAppendEntries() ? env.getAppendEntries().getPrevLogIndex() : -env.getTerm());
      }
    } catch (EOFException e) {
      // done
    } catch (IOException e) {
      // connection closed by the transport
    }
  }
}
