package io.raftkv.transport.netty;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TransportConfigTest {

  private final TransportConfig base = TransportConfig.of("c", "n1", Loopback.anyPort(), Map.of());

  @Test
  void defaultsFollowTheIssue() {
    assertThat(base.maxFrameBytes()).isEqualTo(32 << 20);
    assertThat(base.minBackoff()).isEqualTo(Duration.ofMillis(50));
    assertThat(base.maxBackoff()).isEqualTo(Duration.ofSeconds(2));
    assertThat(base.ioThreads()).isBetween(1, 2);
    assertThat(base.preferEpoll()).isTrue();
  }

  @Test
  void frameLimitMustLeaveRoomForASnapshotChunk() {
    assertThatThrownBy(() -> base.withMaxFrameBytes(1 << 20))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("snapshot chunk");
    assertThat(base.withMaxFrameBytes(TransportConfig.MIN_MAX_FRAME_BYTES).maxFrameBytes())
        .isEqualTo(TransportConfig.MIN_MAX_FRAME_BYTES);
  }

  @Test
  void rejectsNonsense() {
    assertThatThrownBy(() -> TransportConfig.of("", "n1", Loopback.anyPort(), Map.of()))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> base.withIoThreads(0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> base.withQueueBounds(0, 10)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> base.withBackoff(Duration.ofSeconds(2), Duration.ofMillis(50)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void startFailsClearlyWhenThePortIsTaken() {
    var first = Loopback.start(Loopback.config("a", Loopback.anyPort(), true));
    try (NettyTransport running = first.transport()) {
      assertThat(running.localAddress().getPort()).isPositive();
      NettyTransport second = NettyTransport.create(Loopback.config("b", first.address(), true));
      assertThatThrownBy(() -> second.start(new io.raftkv.server.transport.RecordingHandler()))
          .isInstanceOf(java.io.UncheckedIOException.class)
          .hasMessageContaining("cannot listen on");
      second.close();
    }
  }
}
