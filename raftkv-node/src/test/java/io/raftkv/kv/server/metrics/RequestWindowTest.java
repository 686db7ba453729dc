package io.raftkv.kv.server.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The dashboard's request rate and p99: per completed window, the same for every reader. */
class RequestWindowTest {

  private static final long MS = 1_000_000L;

  @Test
  void answersTheLastCompletedWindowAndRotatesOnlyWhenItIsOldEnough() {
    AtomicLong clock = new AtomicLong(0);
    RequestWindow w = new RequestWindow(clock::get);
    for (int i = 1; i <= 100; i++) {
      w.observe("kv_key", "GET", 200, i * MS); // 1 ms .. 100 ms
    }
    assertThat(w.current()).as("the first window has not ended").isEqualTo(new RequestWindow.Rates(0, 0));
    clock.set(2_000 * MS);
    RequestWindow.Rates r = w.current();
    assertThat(r.requestsPerSec()).isCloseTo(50, within(0.01)); // 100 requests over 2 s
    assertThat(r.p99Millis()).isCloseTo(99, within(1.0));
    w.observe("kv_key", "GET", 200, 5 * MS);
    clock.set(2_500 * MS);
    assertThat(w.current()).as("a second reader within the window sees the same").isEqualTo(r);
    clock.set(3_000 * MS);
    RequestWindow.Rates next = w.current();
    assertThat(next.requestsPerSec()).isCloseTo(1, within(0.01));
    assertThat(next.p99Millis()).isCloseTo(5, within(0.1));
    clock.set(4_000 * MS);
    assertThat(w.current()).as("an idle window").isEqualTo(new RequestWindow.Rates(0, 0));
  }
}
