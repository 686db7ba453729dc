package io.raftkv.transport.netty;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class BackoffTest {

  @Test
  void doublesFromMinimumUpToTheCap() {
    Backoff b = new Backoff(50, 2000);
    List<Long> delays = new ArrayList<>();
    for (int i = 0; i < 9; i++) {
      delays.add(b.next());
    }
    assertThat(delays).containsExactly(50L, 100L, 200L, 400L, 800L, 1600L, 2000L, 2000L, 2000L);
  }

  @Test
  void onlyALongLivedConnectionResetsTheDelay() {
    Backoff b = new Backoff(50, 2000);
    b.next();
    b.next();

    b.connectionLasted(10); // accepted then dropped at once: keep backing off
    assertThat(b.next()).isEqualTo(200);

    b.connectionLasted(2000);
    assertThat(b.next()).isEqualTo(50);
  }

  @Test
  void resetStartsOverAtTheMinimum() {
    Backoff b = new Backoff(50, 2000);
    for (int i = 0; i < 6; i++) {
      b.next();
    }
    b.reset();
    assertThat(b.next()).isEqualTo(50);
    assertThat(b.next()).isEqualTo(100);
  }
}
