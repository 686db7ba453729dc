package io.raftkv.server.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.raftkv.raft.proto.Heartbeat;
import io.raftkv.raft.proto.Message;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Fault injection of {@link InMemoryNetwork}: partitions (one-way), loss and delay. */
class InMemoryNetworkTest {

  private final InMemoryNetwork net = new InMemoryNetwork(42);
  private final Map<String, InMemoryTransport> transports = new HashMap<>();
  private final Map<String, RecordingHandler> handlers = new HashMap<>();

  private void nodes(String... ids) {
    for (String id : ids) {
      InMemoryTransport t = net.transport(id);
      RecordingHandler h = new RecordingHandler();
      t.start(h);
      transports.put(id, t);
      handlers.put(id, h);
    }
  }

  @AfterEach
  void close() {
    transports.values().forEach(InMemoryTransport::close);
  }

  private void send(String from, String to, long term) {
    transports.get(from).send(new Heartbeat(from, to, term, 0, 0));
  }

  @Test
  void disconnectCutsOneDirectionOnly() {
    nodes("a", "b");
    net.disconnect("a", "b");

    send("a", "b", 1);
    send("b", "a", 2);

    await().atMost(Duration.ofSeconds(5)).until(() -> handlers.get("a").messageCount() == 1);
    await().atMost(Duration.ofSeconds(5)).until(() -> handlers.get("a").unreachable().equals(List.of("b")));
    assertThat(handlers.get("b").messageCount()).isZero();
    assertThat(handlers.get("b").unreachable()).isEmpty();
    assertThat(net.unreachableCount()).isEqualTo(1);
  }

  @Test
  void connectRestoresTheLink() {
    nodes("a", "b");
    net.disconnect("a", "b");
    send("a", "b", 1);
    net.connect("a", "b");

    send("a", "b", 2);

    await().atMost(Duration.ofSeconds(5)).until(() -> handlers.get("b").messageCount() == 1);
    assertThat(handlers.get("b").messages().get(0).term()).isEqualTo(2);
  }

  @Test
  void partitionSeparatesGroupsAndHealJoinsThem() {
    nodes("a", "b", "c", "d", "e");
    net.partition(Set.of("a", "b"), Set.of("c", "d", "e"));

    send("a", "b", 1); // same side
    send("a", "c", 1); // across
    send("d", "e", 1); // same side
    send("e", "b", 1); // across

    await().atMost(Duration.ofSeconds(5)).until(() -> handlers.get("b").messageCount() == 1
        && handlers.get("e").messageCount() == 1
        && handlers.get("a").unreachable().contains("c")
        && handlers.get("e").unreachable().contains("b"));
    assertThat(handlers.get("b").messagesFrom("e")).isEmpty();
    assertThat(handlers.get("c").messageCount()).isZero();

    net.heal();
    send("a", "c", 2);
    await().atMost(Duration.ofSeconds(5)).until(() -> handlers.get("c").messageCount() == 1);
  }

  @Test
  void isolateCutsEveryLinkOfOneNode() {
    nodes("a", "b", "c");
    net.isolate("c");

    send("a", "c", 1);
    send("c", "b", 1);
    send("a", "b", 1);

    await().atMost(Duration.ofSeconds(5)).until(() -> handlers.get("b").messageCount() == 1
        && handlers.get("a").unreachable().contains("c")
        && handlers.get("c").unreachable().contains("b"));
    assertThat(handlers.get("b").messages().get(0).from()).isEqualTo("a");
    assertThat(handlers.get("c").messageCount()).isZero();
  }

  @Test
  void fullLossDropsSilently() {
    nodes("a", "b");
    net.setDropRate(1.0);
    for (int i = 0; i < 100; i++) {
      send("a", "b", i);
    }
    net.setDropRate(0.0);
    send("a", "b", 1000);

    await().atMost(Duration.ofSeconds(5)).until(() -> handlers.get("b").messageCount() == 1);
    assertThat(handlers.get("b").messages().get(0).term()).isEqualTo(1000);
    assertThat(net.unreachableCount()).isZero(); // loss is silent, unlike a cut link
    assertThat(net.droppedCount()).isEqualTo(100);
  }

  @Test
  void partialLossDropsAboutThatFractionOnThatLinkOnly() {
    nodes("a", "b", "c");
    net.setDropRate("a", "b", 0.5);
    int n = 2000;
    for (int i = 0; i < n; i++) {
      send("a", "b", i);
      send("a", "c", i);
    }

    await().atMost(Duration.ofSeconds(10)).until(() -> handlers.get("c").messageCount() == n
        && handlers.get("b").messageCount() == n - net.droppedCount());
    // Binomial(2000, 0.5): mean 1000, sd ~22; [850, 1150] is ~7 sd either side.
    assertThat(net.droppedCount()).isBetween(850L, 1150L);
    List<Long> terms = handlers.get("b").messages().stream().map(Message::term).toList();
    assertThat(terms).isSorted();
  }

  @Test
  void delayHoldsMessagesBackAtLeastTheMinimum() {
    nodes("a", "b");
    net.setDelay(Duration.ofMillis(200), Duration.ofMillis(300));
    long start = System.nanoTime();

    send("a", "b", 1);

    await().atMost(Duration.ofSeconds(5)).until(() -> handlers.get("b").messageCount() == 1);
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(200));
  }

  @Test
  void fixedDelayKeepsOrder() {
    nodes("a", "b");
    net.setDelay(Duration.ofMillis(5), Duration.ofMillis(5));
    List<Long> sent = new ArrayList<>();
    for (long i = 0; i < 500; i++) {
      send("a", "b", i);
      sent.add(i);
    }

    await().atMost(Duration.ofSeconds(10)).until(() -> handlers.get("b").messageCount() == 500);
    assertThat(handlers.get("b").messages().stream().map(Message::term).toList()).isEqualTo(sent);
  }

  @Test
  void unstartedOrClosedReceiverIsUnreachable() {
    nodes("a");
    InMemoryTransport idle = net.transport("idle");
    transports.put("idle", idle);

    nodes("b");
    transports.get("b").close();

    send("a", "idle", 1);
    send("a", "b", 1);

    await().atMost(Duration.ofSeconds(5)).until(() -> handlers.get("a").unreachable().equals(List.of("idle", "b")));
    assertThat(handlers.get("b").messageCount()).isZero();
  }

  @Test
  void duplicateIdAndBadSettingsAreRejected() {
    nodes("a");

    assertThatThrownBy(() -> net.transport("a")).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> net.setDropRate(1.5)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> net.setDelay(Duration.ofMillis(5), Duration.ofMillis(1)))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
