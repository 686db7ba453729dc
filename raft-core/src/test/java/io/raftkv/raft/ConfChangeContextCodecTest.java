package io.raftkv.raft;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.raftkv.raft.proto.ConfChange;
import io.raftkv.raft.proto.ConfChangeSingle;
import io.raftkv.raft.proto.ConfChangeType;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** ConfChange's on-log encoding: version 1 unchanged without contexts, version 2 with them, both read. */
class ConfChangeContextCodecTest {

  @Test
  void aChangeWithoutContextsIsStillVersionOneByteForByte() {
    ConfChange cc = ConfChange.of(new ConfChangeSingle(ConfChangeType.ADD_NODE, "n4"));
    byte[] bytes = cc.toBytes();
    // version 1, AUTO, count 1, ADD_NODE, length 2, "n4"
    assertThat(bytes).containsExactly(1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 2, 'n', '4');
    assertThat(ConfChange.fromBytes(bytes)).isEqualTo(cc);
  }

  @Test
  void contextsRoundTripAsVersionTwo() {
    byte[] ctx = "10.0.0.4:7001".getBytes(StandardCharsets.UTF_8);
    ConfChange cc = ConfChange.of(new ConfChangeSingle(ConfChangeType.ADD_LEARNER, "n4", ctx),
        new ConfChangeSingle(ConfChangeType.REMOVE_NODE, "n1"));
    byte[] bytes = cc.toBytes();
    assertThat(bytes[0]).isEqualTo((byte) 2);
    ConfChange back = ConfChange.fromBytes(bytes);
    assertThat(back).isEqualTo(cc);
    assertThat(back.changes().get(0).context()).isEqualTo(ctx);
    assertThat(back.changes().get(1).hasContext()).isFalse();
  }

  @Test
  void truncatedOrOversizedContextsAreRefused() {
    byte[] bytes = ConfChange.of(new ConfChangeSingle(ConfChangeType.ADD_LEARNER, "n4", new byte[] {1, 2, 3}))
        .toBytes();
    assertThatThrownBy(() -> ConfChange.fromBytes(Arrays.copyOf(bytes, bytes.length - 1)))
        .isInstanceOf(IllegalArgumentException.class);
    byte[] huge = bytes.clone();
    huge[huge.length - 4] = 0x7f; // the context's length field
    assertThatThrownBy(() -> ConfChange.fromBytes(huge)).isInstanceOf(IllegalArgumentException.class);
  }
}
