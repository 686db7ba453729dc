package io.raftkv.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The byte-size flags: units are binary, any case; anything else is refused naming the flag. */
class ByteSizeTest {

  @Test
  void readsPlainBytesAndBinaryUnits() {
    assertThat(ByteSize.parse("0", "--f", 7)).isZero();
    assertThat(ByteSize.parse("1234", "--f", 7)).isEqualTo(1234);
    assertThat(ByteSize.parse("64K", "--f", 7)).isEqualTo(64L << 10);
    assertThat(ByteSize.parse("64KiB", "--f", 7)).isEqualTo(64L << 10);
    assertThat(ByteSize.parse("3mib", "--f", 7)).isEqualTo(3L << 20);
    assertThat(ByteSize.parse(" 2 GiB ", "--f", 7)).isEqualTo(2L << 30);
    assertThat(ByteSize.parse("5G", "--f", 7)).isEqualTo(5L << 30);
  }

  @Test
  void autoIsTheGivenDefault() {
    assertThat(ByteSize.parse("auto", "--f", 7)).isEqualTo(7);
    assertThat(ByteSize.parse("AUTO", "--f", 9)).isEqualTo(9);
  }

  @Test
  void refusesWhatIsNotASize() {
    for (String bad : new String[] {"", "-1", "1.5M", "10 MB", "ten", "1T", "0x10"}) {
      assertThatThrownBy(() -> ByteSize.parse(bad, "--quota-bytes", 7)).as(bad)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("--quota-bytes '" + bad + "'");
    }
  }

  @Test
  void refusesASizeThatOverflows() {
    assertThat(ByteSize.parse("8589934591G", "--f", 7)).isEqualTo(8589934591L << 30);
    assertThatThrownBy(() -> ByteSize.parse("8589934592G", "--f", 7)).hasMessageContaining("too large");
    assertThatThrownBy(() -> ByteSize.parse("99999999999999999999", "--f", 7)).hasMessageContaining("--f");
  }
}
