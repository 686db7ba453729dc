package io.raftkv.server.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.raftkv.raft.proto.Heartbeat;
import io.raftkv.raft.proto.Message;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link Transport} must do, run against each implementation (the Ratis pattern, STYLE
 * §b.11): subclasses only say how to build a connected group of started transports.
 */
public abstract class TransportContractTest {

  /** A started transport and the handler recording what it receives. */
  public record Node(String id, Transport transport, RecordingHandler handler) {}

  private final List<Node> nodes = new ArrayList<>();

  /** Creates started transports for {@code ids}, each knowing all the others as peers. */
  protected abstract List<Node> newCluster(List<String> ids);

  private Map<String, Node> cluster(String... ids) {
    List<Node> created = newCluster(List.of(ids));
    nodes.addAll(created);
    Map<String, Node> byId = new java.util.HashMap<>();
    created.forEach(n -> byId.put(n.id(), n));
    return byId;
  }

  @AfterEach
  void closeAll() {
    nodes.forEach(n -> n.transport().close());
  }

  @Test
  void deliversEveryKindInOrderToEachPeer() {
    var c = cluster("a", "b", "c");
    List<Message> toB = new ArrayList<>();
    List<Message> toC = new ArrayList<>();
    for (int round = 0; round < 20; round++) {
      toB.addAll(SampleMessages.everyKind("a", "b", round));
      toC.addAll(SampleMessages.everyKind("a", "c", round));
    }

    for (int i = 0; i < toB.size(); i++) {
      c.get("a").transport().send(toB.get(i));
      c.get("a").transport().send(toC.get(i));
    }

    await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
      assertThat(c.get("b").handler().messageCount()).isEqualTo(toB.size());
      assertThat(c.get("c").handler().messageCount()).isEqualTo(toC.size());
    });
    MessageAssertions.assertSameMessages(c.get("b").handler().messages(), toB);
    MessageAssertions.assertSameMessages(c.get("c").handler().messages(), toC);
  }

  @Test
  void repliesFlowBack() {
    var c = cluster("a", "b");
    c.get("a").transport().send(new Heartbeat("a", "b", 1, 0, 5));
    await().atMost(Duration.ofSeconds(10)).until(() -> c.get("b").handler().messageCount() == 1);

    c.get("b").transport().send(new io.raftkv.raft.proto.HeartbeatResponse("b", "a", 1, 5));

    await().atMost(Duration.ofSeconds(10)).until(() -> c.get("a").handler().messageCount() == 1);
    assertThat(c.get("a").handler().messages().get(0))
        .isEqualTo(new io.raftkv.raft.proto.HeartbeatResponse("b", "a", 1, 5));
  }

  @Test
  void unknownPeerIsReportedUnreachable() {
    var c = cluster("a", "b");

    c.get("a").transport().send(new Heartbeat("a", "nobody", 1, 0, 0));

    await().atMost(Duration.ofSeconds(10)).until(() -> c.get("a").handler().unreachable().contains("nobody"));
  }

  @Test
  void refusesToSendOnBehalfOfAnotherNode() {
    var c = cluster("a", "b");

    assertThatThrownBy(() -> c.get("a").transport().send(new Heartbeat("b", "a", 1, 0, 0)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void closeIsIdempotentAndLaterSendsAreHarmless() {
    var c = cluster("a", "b");
    Transport a = c.get("a").transport();

    a.close();
    a.close();
    a.send(new Heartbeat("a", "b", 1, 0, 0));

    // a is gone for b: b's message cannot be delivered, and b learns so.
    c.get("b").transport().send(new Heartbeat("b", "a", 1, 0, 0));
    await().atMost(Duration.ofSeconds(10)).until(() -> c.get("b").handler().unreachable().contains("a"));
    assertThat(c.get("b").handler().messageCount()).isZero();
  }

  @Test
  void startTwiceIsRejected() {
    var c = cluster("a");

    assertThatThrownBy(() -> c.get("a").transport().start(new RecordingHandler()))
        .isInstanceOf(IllegalStateException.class);
  }
}
