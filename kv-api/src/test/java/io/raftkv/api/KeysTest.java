package io.raftkv.api;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

/** Key ordering is UTF-8 byte order and key lengths are UTF-8 lengths. */
class KeysTest {

  @Property(tries = 2000)
  void orderMatchesUnsignedUtf8Bytes(@ForAll String a, @ForAll String b) {
    // jqwik's strings may hold unpaired surrogates, which have no UTF-8 form; those are not keys.
    if (!isWellFormed(a) || !isWellFormed(b)) {
      return;
    }
    int expected = Integer.signum(Arrays.compareUnsigned(a.getBytes(UTF_8), b.getBytes(UTF_8)));
    assertThat(Integer.signum(Keys.UTF8_ORDER.compare(a, b))).isEqualTo(expected);
    assertThat(Keys.utf8Length(a)).isEqualTo(a.getBytes(UTF_8).length);
  }

  @Test
  void supplementaryCharactersSortAfterTheBmp() {
    assertThat(Keys.UTF8_ORDER.compare("\uD83D\uDE00", "\uFFFF")).isPositive();
    assertThat("\uD83D\uDE00".compareTo("\uFFFF")).isNegative();
  }

  @Test
  void unpairedSurrogatesAreRejected() {
    assertThatThrownBy(() -> Keys.requireValidKey("\uDC00x")).hasMessageContaining("index 0");
    assertThatThrownBy(() -> Keys.requireValidKey("x\uD800")).hasMessageContaining("index 1");
    assertThat(Keys.requireValidPrefix("")).isEmpty();
  }

  private static boolean isWellFormed(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        return false;
      }
    }
    return true;
  }
}
