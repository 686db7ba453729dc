package io.raftkv.server.events;

import static org.assertj.core.api.Assertions.assertThat;

import io.raftkv.raft.RaftEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The hub's bounded, drop-oldest subscriptions: a slow subscriber loses its oldest events, counted. */
class EventHubTest {

  private static DriverEvent vote(long term) {
    return new DriverEvent.Core(new RaftEvent.VoteGranted(term, "n2"));
  }

  private static List<Long> drain(EventSubscription s) {
    List<Long> terms = new ArrayList<>();
    Published p;
    while ((p = s.poll()) != null) {
      terms.add(((RaftEvent.VoteGranted) ((DriverEvent.Core) p.event()).event()).term());
    }
    return terms;
  }

  @Test
  void aSlowSubscriberKeepsTheNewestEventsAndIsToldHowManyWereDropped() {
    EventHub hub = new EventHub();
    AtomicInteger wakes = new AtomicInteger();
    EventSubscription slow = hub.subscribe(4, wakes::incrementAndGet);
    EventSubscription fast = hub.subscribe(100, () -> {});
    for (long t = 1; t <= 10; t++) {
      hub.publish(vote(t), 1000 + t);
    }
    assertThat(slow.size()).isEqualTo(4);
    assertThat(slow.takeDropped()).isEqualTo(6);
    assertThat(slow.takeDropped()).as("reported once").isZero();
    assertThat(slow.droppedTotal()).isEqualTo(6);
    assertThat(drain(slow)).containsExactly(7L, 8L, 9L, 10L);
    assertThat(drain(fast)).hasSize(10);
    assertThat(fast.droppedTotal()).isZero();
    assertThat(wakes.get()).as("woken for every event").isEqualTo(10);
  }

  @Test
  void sequenceNumbersAreSharedByAllSubscribersAndIncrease() {
    EventHub hub = new EventHub();
    EventSubscription a = hub.subscribe(10, () -> {});
    hub.publish(vote(1), 1);
    long own = hub.nextSequence();
    hub.publish(vote(2), 2);
    EventSubscription b = hub.subscribe(10, () -> {});
    hub.publish(vote(3), 3);
    Published a1 = a.poll();
    Published a2 = a.poll();
    Published a3 = a.poll();
    assertThat(a1.sequence()).isLessThan(own);
    assertThat(a2.sequence()).isGreaterThan(own);
    assertThat(b.poll()).isEqualTo(a3);
    assertThat(a3.timeMillis()).isEqualTo(3);
  }

  @Test
  void withoutSubscribersNothingIsQueuedAndAClosedSubscriptionLeaves() {
    EventHub hub = new EventHub();
    assertThat(hub.hasSubscribers()).isFalse();
    hub.publish(vote(1), 1);
    EventSubscription s = hub.subscribe(10, () -> {});
    assertThat(s.poll()).as("no replay of what was published before").isNull();
    assertThat(hub.takeStatusWanted()).as("a new subscriber asks for a snapshot").isTrue();
    assertThat(hub.takeStatusWanted()).isFalse();
    s.close();
    assertThat(hub.hasSubscribers()).isFalse();
    hub.publish(vote(2), 2);
    assertThat(s.poll()).isNull();
  }
}
