package io.raftkv.kv.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.raftkv.api.ErrorKind;
import org.junit.jupiter.api.Test;

/** Path keys: strict percent-decoding to UTF-8, '+' kept, '/' allowed, invalid input a 400 bad_key. */
class PathKeysTest {

  @Test
  void decodesPercentEscapesAsUtf8() {
    assertThat(PathKeys.decodeKey("a%2Fb/c")).isEqualTo("a/b/c");
    assertThat(PathKeys.decodeKey("%D0%BA%D0%BB%D1%8E%D1%87")).isEqualTo("ключ");
    assertThat(PathKeys.decodeKey("a+b%20c")).isEqualTo("a+b c");
    assertThat(PathKeys.decodeKey("%F0%9F%98%80")).isEqualTo("\uD83D\uDE00");
    // Raw UTF-8 bytes arrive one char per byte (ISO-8859-1) from Netty.
    assertThat(PathKeys.decodeKey("\u00d0\u00ba")).isEqualTo("к");
  }

  @Test
  void rejectsBadInputWithBadKey() {
    for (String bad : new String[] {"", "%", "%4", "%zz", "%C0%AF", "%ED%A0%80", "%FF", "x".repeat(4097), "\u0100"}) {
      assertThatThrownBy(() -> PathKeys.decodeKey(bad)).as(bad).isInstanceOfSatisfying(ApiException.class,
          e -> assertThat(e.kind()).isEqualTo(ErrorKind.BAD_KEY));
    }
  }
}
