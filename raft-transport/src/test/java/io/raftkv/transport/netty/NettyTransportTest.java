package io.raftkv.transport.netty;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import io.raftkv.raft.proto.AppendEntries;
import io.raftkv.raft.proto.ConfState;
import io.raftkv.raft.proto.Heartbeat;
import io.raftkv.raft.proto.InstallSnapshot;
import io.raftkv.raft.proto.Message;
import io.raftkv.raft.proto.SnapshotMetadata;
import io.raftkv.server.transport.MessageAssertions;
import io.raftkv.server.transport.SampleMessages;
import io.raftkv.transport.codec.pb.Envelope;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** NettyTransport over real loopback sockets: pipelining, large frames, reconnects, rejection. */
class NettyTransportTest {

  private static final Duration WAIT = Duration.ofSeconds(20);

  private final List<AutoCloseable> toClose = new ArrayList<>();

  @AfterEach
  void closeAll() throws Exception {
    for (AutoCloseable c : toClose) {
      c.close();
    }
  }

  private Map<String, Loopback.Node> cluster(String... ids) {
    return cluster(UnaryOperator.identity(), ids);
  }

  private Map<String, Loopback.Node> cluster(UnaryOperator<TransportConfig> tweak, String... ids) {
    Map<String, Loopback.Node> nodes = Loopback.cluster(List.of(ids), true, tweak);
    nodes.values().forEach(n -> toClose.add(n.transport()));
    return nodes;
  }

  private static List<Long> prevIndexes(List<Message> ms) {
    return ms.stream().map(m -> ((AppendEntries) m).prevLogIndex()).toList();
  }

  @Test
  void pipelinesInOrderPerSenderUnderConcurrentSenders() throws Exception {
    int n = 5000;
    // Queues large enough that the burst (sent faster than one I/O thread drains it) is never dropped.
    var c = cluster(cfg -> cfg.withQueueBounds(2 * n, 1L << 30), "a", "b", "c");
    Thread fromC = new Thread(() -> {
      for (int i = 0; i < n; i++) {
        c.get("c").transport().send(SampleMessages.append("c", "b", i, 4, 64));
      }
    });
    fromC.start();
    for (int i = 0; i < n; i++) {
      c.get("a").transport().send(SampleMessages.append("a", "b", i, 4, 64));
    }
    fromC.join();

    var b = c.get("b").handler();
    await().atMost(WAIT).until(() -> b.messageCount() == 2 * n);
    List<Long> expected = java.util.stream.LongStream.range(0, n).boxed().toList();
    assertThat(prevIndexes(b.messagesFrom("a"))).isEqualTo(expected);
    assertThat(prevIndexes(b.messagesFrom("c"))).isEqualTo(expected);
    assertThat(c.get("a").handler().unreachable()).isEmpty();
  }

  @Test
  void largeSnapshotChunksArriveIntactAndHeartbeatsStillPass() {
    var c = cluster("a", "b");
    Random random = new Random(7);
    SnapshotMetadata meta = new SnapshotMetadata(1000, 3, ConfState.ofVoters(Set.of("a", "b")), 4L << 20);
    List<Message> sent = new ArrayList<>();
    for (int chunk = 0; chunk < 4; chunk++) {
      byte[] data = new byte[1 << 20];
      random.nextBytes(data);
      sent.add(new InstallSnapshot("a", "b", 3, meta, (long) chunk << 20, data, chunk == 3));
      sent.add(new Heartbeat("a", "b", 3, 999, chunk));
    }
    byte[] big = new byte[8 << 20]; // a chunk far above the default 1 MiB still fits the 32 MiB frame limit
    random.nextBytes(big);
    sent.add(new InstallSnapshot("a", "b", 3, meta, 0, big, true));

    sent.forEach(c.get("a").transport()::send);

    var b = c.get("b").handler();
    await().atMost(WAIT).until(() -> b.messageCount() == sent.size());
    MessageAssertions.assertSameMessages(b.messages(), sent);
  }

  @Test
  void reconnectsAfterPeerRestartsOnTheSamePort() {
    var c = cluster("a", "b");
    var a = c.get("a");
    var b2 = restartB(c, () -> a.transport().send(new Heartbeat("a", "b", 1, 0, 2))); // dropped while b is down
    await().atMost(WAIT).until(() -> a.transport().isConnected("b"));
    assertAToB2Delivered(a, b2);
  }

  @Test
  void restartedPeerThatContactsUsIsReconnectedWithoutWaitingOutTheBackoff() {
    // The first reconnect delay alone (60 s) is far above the wait below: only the "peer is alive"
    // signal can reconnect in time.
    var c = cluster(cfg -> cfg.withBackoff(Duration.ofSeconds(60), Duration.ofMinutes(10)), "a", "b");
    var a = c.get("a");
    var b2 = restartB(c, () -> { });
    b2.transport().send(new Heartbeat("b", "a", 2, 0, 1)); // b's first frame tells a that b is back
    await().atMost(WAIT).until(() -> a.handler().messagesFrom("b").size() == 1);
    await().atMost(Duration.ofSeconds(10)).until(() -> a.transport().isConnected("b"));
    assertAToB2Delivered(a, b2);
  }

  /** Connects a to b, stops b, runs {@code whileDown}, and starts a new b on the same address. */
  private Loopback.Node restartB(Map<String, Loopback.Node> c, Runnable whileDown) {
    var a = c.get("a");
    a.transport().send(new Heartbeat("a", "b", 1, 0, 1));
    await().atMost(WAIT).until(() -> c.get("b").handler().messageCount() == 1);
    InetSocketAddress bAddress = c.get("b").address();
    c.get("b").transport().close();
    await().atMost(WAIT).until(() -> a.handler().unreachable().contains("b"));
    whileDown.run();
    var b2 = Loopback.start(Loopback.config("b", bAddress, true).withPeers(Map.of("a", a.address())));
    toClose.add(b2.transport());
    return b2;
  }

  private static void assertAToB2Delivered(Loopback.Node a, Loopback.Node b2) {
    a.transport().send(new Heartbeat("a", "b", 2, 0, 3));
    await().atMost(WAIT).until(() -> b2.handler().messageCount() >= 1);
    assertThat(b2.handler().messages()).last().isEqualTo(new Heartbeat("a", "b", 2, 0, 3));
  }

  @Test
  void framesFromAnotherClusterCloseTheConnectionWithAWarning() throws Exception {
    var c = cluster("a", "b");
    try (LogCapture logs = new LogCapture(InboundDispatcher.class);
        RawPeer stranger = new RawPeer(c.get("b").address())) {

      stranger.sendFrame("other-cluster", new Heartbeat("a", "b", 1, 0, 0));

      assertThat(stranger.closedByServer()).isTrue();
      assertThat(logs.messagesAt(Level.WARN)).anyMatch(s -> s.contains("cluster 'other-cluster'"));
    }
    assertThat(c.get("b").handler().messageCount()).isZero();
    assertLegitimatePeerStillServed(c.get("a"), c.get("b"));
  }

  @Test
  void framesFromAnUnknownMemberCloseTheConnectionWithAWarning() throws Exception {
    var c = cluster("a", "b");
    try (LogCapture logs = new LogCapture(InboundDispatcher.class);
        RawPeer stranger = new RawPeer(c.get("b").address())) {

      stranger.sendFrame(Loopback.CLUSTER, new Heartbeat("mallory", "b", 1, 0, 0));

      assertThat(stranger.closedByServer()).isTrue();
      assertThat(logs.messagesAt(Level.WARN)).anyMatch(s -> s.contains("unknown member 'mallory'"));
    }
    assertThat(c.get("b").handler().messageCount()).isZero();
    assertLegitimatePeerStillServed(c.get("a"), c.get("b"));
  }

  @Test
  void senderMayNotChangeWithinAConnection() throws Exception {
    var c = cluster("a", "b", "c");
    try (RawPeer impostor = new RawPeer(c.get("b").address())) {
      impostor.sendFrame(Loopback.CLUSTER, new Heartbeat("a", "b", 1, 0, 0));
      impostor.sendFrame(Loopback.CLUSTER, new Heartbeat("c", "b", 1, 0, 0));

      assertThat(impostor.closedByServer()).isTrue();
    }
    assertThat(c.get("b").handler().messages()).containsExactly(new Heartbeat("a", "b", 1, 0, 0));
  }

  @Test
  void garbageBytesCloseOnlyThatConnection() throws Exception {
    var c = cluster("a", "b");
    c.get("a").transport().send(new Heartbeat("a", "b", 1, 0, 0));
    await().atMost(WAIT).until(() -> c.get("b").handler().messageCount() == 1);
    try (RawPeer junk = new RawPeer(c.get("b").address())) {
      // A valid length prefix, then a body that is not protobuf (field number 0 is illegal).
      junk.sendRaw(new byte[] {0, 0, 0, 4, 0, 0, 0, 0});

      assertThat(junk.closedByServer()).isTrue();
    }
    assertLegitimatePeerStillServed(c.get("a"), c.get("b"));
    assertThat(c.get("a").handler().unreachable()).isEmpty(); // a's connection was never disturbed
  }

  @Test
  void wellFormedEnvelopeWithoutABodyClosesThatConnection() throws Exception {
    var c = cluster("a", "b");
    byte[] body = Envelope.newBuilder().setClusterId(Loopback.CLUSTER).setSenderId("a").setRecipientId("b")
        .setTerm(1).build().toByteArray();
    try (LogCapture logs = new LogCapture(InboundDispatcher.class);
        RawPeer bodiless = new RawPeer(c.get("b").address())) {
      bodiless.sendRaw(java.nio.ByteBuffer.allocate(4 + body.length).putInt(body.length).put(body).array());

      assertThat(bodiless.closedByServer()).isTrue();
      assertThat(logs.messagesAt(Level.WARN)).anyMatch(s -> s.contains("invalid message"));
    }
    assertLegitimatePeerStillServed(c.get("a"), c.get("b"));
  }

  @Test
  void oversizedLengthPrefixClosesOnlyThatConnection() throws Exception {
    var c = cluster("a", "b");
    c.get("a").transport().send(new Heartbeat("a", "b", 1, 0, 0));
    await().atMost(WAIT).until(() -> c.get("b").handler().messageCount() == 1);
    try (LogCapture logs = new LogCapture(InboundDispatcher.class);
        RawPeer huge = new RawPeer(c.get("b").address())) {
      // 0x7fffffff bytes announced: rejected on the prefix alone, nothing is buffered.
      huge.sendRaw(new byte[] {0x7f, (byte) 0xff, (byte) 0xff, (byte) 0xff, 1, 2, 3});

      assertThat(huge.closedByServer()).isTrue();
      assertThat(logs.messagesAt(Level.WARN)).anyMatch(s -> s.contains("exceeds"));
    }
    assertLegitimatePeerStillServed(c.get("a"), c.get("b"));
    assertThat(c.get("a").handler().unreachable()).isEmpty();
  }

  @Test
  void messagesAddressedToAnotherNodeAreDroppedAndLogged() {
    var c = cluster("a", "b");
    // a's address book wrongly maps "c" to b's address.
    c.get("a").transport().updatePeers(Map.of("b", c.get("b").address(), "c", c.get("b").address()));
    try (LogCapture logs = new LogCapture(InboundDispatcher.class)) {

      c.get("a").transport().send(new Heartbeat("a", "c", 1, 0, 7));
      await().atMost(WAIT).until(() -> logs.messagesAt(Level.WARN).stream().anyMatch(s -> s.contains("addressed to 'c'")));
    }
    assertThat(c.get("b").handler().messageCount()).isZero();
    // The misrouted connection stays up: the next message on it (a real one for c) is still read.
    assertThat(c.get("a").transport().isConnected("c")).isTrue();
    assertLegitimatePeerStillServed(c.get("a"), c.get("b"));
  }

  @Test
  void removedPeerIsRejectedAndUnreachable() throws Exception {
    var c = cluster("a", "b");
    c.get("a").transport().send(new Heartbeat("a", "b", 1, 0, 0));
    await().atMost(WAIT).until(() -> c.get("b").handler().messageCount() == 1);

    c.get("b").transport().updatePeers(Map.of());
    c.get("a").transport().send(new Heartbeat("a", "b", 1, 0, 1));
    c.get("b").transport().send(new Heartbeat("b", "a", 1, 0, 2));

    // b closes a's connection on the next frame; a notices, and b no longer knows a.
    await().atMost(WAIT).until(() -> c.get("a").handler().unreachable().contains("b"));
    await().atMost(WAIT).until(() -> c.get("b").handler().unreachable().contains("a"));
    assertThat(c.get("b").handler().messageCount()).isEqualTo(1);
    assertThat(c.get("a").handler().messageCount()).isZero();
  }

  @Test
  void messageAboveTheFrameLimitIsRefusedBySenderAndConnectionSurvives() {
    var c = cluster("a", "b");
    var a = c.get("a");
    byte[] tooBig = new byte[TransportConfig.DEFAULT_MAX_FRAME_BYTES + 1];
    SnapshotMetadata meta = new SnapshotMetadata(1, 1, ConfState.ofVoters(Set.of("a", "b")), tooBig.length);

    a.transport().send(new InstallSnapshot("a", "b", 1, meta, 0, tooBig, true));
    a.transport().send(new Heartbeat("a", "b", 1, 0, 9));

    await().atMost(WAIT).until(() -> c.get("b").handler().messageCount() == 1);
    assertThat(c.get("b").handler().messages()).containsExactly(new Heartbeat("a", "b", 1, 0, 9));
    assertThat(a.handler().unreachable()).contains("b");
  }

  private static void assertLegitimatePeerStillServed(Loopback.Node from, Loopback.Node to) {
    int before = to.handler().messagesFrom(from.id()).size();
    Heartbeat probe = new Heartbeat(from.id(), to.id(), 99, 0, 12345);
    from.transport().send(probe);
    await().atMost(WAIT).until(() -> to.handler().messagesFrom(from.id()).size() == before + 1);
    assertThat(to.handler().messagesFrom(from.id())).last().isEqualTo(probe);
  }

  static InetSocketAddress loopback(int port) {
    return new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
  }
}
