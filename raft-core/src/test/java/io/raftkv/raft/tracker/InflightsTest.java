package io.raftkv.raft.tracker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class InflightsTest {

  @Test
  void fillsUpToCapacityThenRefuses() {
    Inflights in = new Inflights(4);
    for (int i = 1; i <= 4; i++) {
      assertThat(in.full()).isFalse();
      in.add(i * 10);
    }
    assertThat(in.full()).isTrue();
    assertThatThrownBy(() -> in.add(50)).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void freeLeReleasesAcknowledgedPrefixAcrossTheRingBoundary() {
    Inflights in = new Inflights(3);
    in.add(1);
    in.add(2);
    in.add(3);
    in.freeLE(2);
    assertThat(in.count()).isEqualTo(1);
    in.add(4);
    in.add(5); // wraps around
    assertThat(in.full()).isTrue();
    in.freeLE(4);
    assertThat(in.count()).isEqualTo(1);
    in.freeLE(3); // stale ack: nothing more to free
    assertThat(in.count()).isEqualTo(1);
    in.freeLE(100);
    assertThat(in.count()).isZero();
  }

  @Test
  void freeFirstOneUnblocksAFullWindow() {
    Inflights in = new Inflights(2);
    in.add(7);
    in.add(9);
    in.freeFirstOne();
    assertThat(in.count()).isEqualTo(1);
    assertThat(in.full()).isFalse();
    in.freeLE(8);
    assertThat(in.count()).isEqualTo(1);
    in.freeLE(9);
    assertThat(in.count()).isZero();
  }

  @Test
  void growsLazilyBeyondTheInitialBuffer() {
    Inflights in = new Inflights(100);
    for (int i = 1; i <= 100; i++) {
      in.add(i);
    }
    assertThat(in.full()).isTrue();
    in.freeLE(60);
    assertThat(in.count()).isEqualTo(40);
    in.reset();
    assertThat(in.count()).isZero();
  }
}
