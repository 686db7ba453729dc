package io.raftkv.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class BenchConfigKeyTest {

  @Test
  void keysAreZeroPaddedToEightDigitsLikeTheOtherToolsUse() {
    for (int i : new int[] {0, 7, 42, 99_999, 12_345_678, 123_456_789, Integer.MAX_VALUE}) {
      assertThat(BenchConfig.key(i)).isEqualTo(String.format("bench/key-%08d", i));
    }
  }

  @Test
  void rejectsANegativeIndex() {
    assertThatThrownBy(() -> BenchConfig.key(-1)).isInstanceOf(IllegalArgumentException.class);
  }
}
