package io.raftkv.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class KeyPathsTest {

  @Test
  void keepsSlashAndUnreservedAndEncodesTheRest() {
    assertThat(KeyPaths.keyPath("a/b-c_d.e~f")).isEqualTo("/v1/kv/a/b-c_d.e~f");
    assertThat(KeyPaths.keyPath("sp ace?&#%")).isEqualTo("/v1/kv/sp%20ace%3F%26%23%25");
    assertThat(KeyPaths.encode("p/q", false)).isEqualTo("p%2Fq");
  }

  @Test
  void encodingRoundTripsThroughAStandardDecoder() {
    String key = "ümlaut/日本/+plus";
    String encoded = KeyPaths.encode(key, false);
    assertThat(encoded).matches("[A-Za-z0-9%._~-]+");
    assertThat(URLDecoder.decode(encoded, StandardCharsets.UTF_8)).isEqualTo(key);
  }

  @Test
  void rejectsEmptyKey() {
    assertThatThrownBy(() -> KeyPaths.keyPath("")).hasMessageContaining("key must not be empty");
  }

  @Test
  void parsesStrongAndWeakEtags() {
    assertThat(ResponseReader.parseEtag("\"17\"")).isEqualTo(OptionalLong.of(17));
    assertThat(ResponseReader.parseEtag("W/\"3\"")).isEqualTo(OptionalLong.of(3));
    assertThat(ResponseReader.parseEtag("\"abc\"")).isEmpty();
  }
}
