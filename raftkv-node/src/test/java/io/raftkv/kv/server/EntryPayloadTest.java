package io.raftkv.kv.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The entry data format every replica parses alike: what is and is not a KV payload. */
class EntryPayloadTest {

  @Test
  void encodedPayloadGivesBackItsRequestIdAndCommandBytes() {
    RequestId id = new RequestId(-42L, 7L);
    byte[] command = "the command".getBytes(StandardCharsets.UTF_8);

    byte[] data = EntryPayload.encode(id, command);

    assertThat(EntryPayload.requestId(data)).isEqualTo(id);
    assertThat(EntryPayload.command(data)).isEqualTo(command);
  }

  @Test
  void anEmptyCommandStillCarriesItsRequestId() {
    byte[] data = EntryPayload.encode(new RequestId(1, 2), new byte[0]);

    assertThat(EntryPayload.requestId(data)).isEqualTo(new RequestId(1, 2));
    assertThat(EntryPayload.command(data)).isEmpty();
  }

  @Test
  void dataOfAnotherVersionOrShorterThanTheHeaderIsNotAKvPayload() {
    byte[] otherVersion = EntryPayload.encode(new RequestId(1, 2), new byte[] {9});
    otherVersion[0] = EntryPayload.VERSION + 1;

    assertThat(EntryPayload.requestId(otherVersion)).isNull();
    assertThat(EntryPayload.requestId(new byte[0])).as("a leader's no-op").isNull();
    assertThat(EntryPayload.requestId(new byte[16])).as("one byte short of the header").isNull();
  }
}
