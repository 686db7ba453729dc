package io.raftkv.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The sectioned snapshot layout: round trip, skipping what a reader does not know, refusing truncation. */
class SnapshotSectionsTest {

  private static byte[] random(int n, long seed) {
    byte[] b = new byte[n];
    new Random(seed).nextBytes(b);
    return b;
  }

  private static byte[] write(byte[] members, byte[] kv) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    new SnapshotSections.Writer(out).section("members", o -> o.write(members)).section("kv", o -> o.write(kv))
        .finish();
    return out.toByteArray();
  }

  @Test
  void sectionsLargerThanAChunkRoundTripInOrder() throws IOException {
    byte[] members = random(10, 1);
    byte[] kv = random(200_000, 2); // several 64 KiB chunks
    SnapshotSections.Reader r = new SnapshotSections.Reader(new ByteArrayInputStream(write(members, kv)));
    assertThat(r.next()).isEqualTo("members");
    assertThat(r.body().readAllBytes()).isEqualTo(members);
    assertThat(r.next()).isEqualTo("kv");
    assertThat(r.body().readAllBytes()).isEqualTo(kv);
    assertThat(r.next()).isNull();
  }

  @Test
  void anUnreadSectionIsSkipped() throws IOException {
    byte[] kv = random(1000, 3);
    SnapshotSections.Reader r = new SnapshotSections.Reader(new ByteArrayInputStream(write(random(70_000, 4), kv)));
    assertThat(r.next()).isEqualTo("members");
    assertThat(r.next()).isEqualTo("kv");
    assertThat(r.body().readAllBytes()).isEqualTo(kv);
  }

  @Test
  void truncationAndForeignBytesAreRefused() throws IOException {
    byte[] whole = write(random(10, 5), random(100, 6));
    byte[] cut = Arrays.copyOf(whole, whole.length - 3);
    SnapshotSections.Reader r = new SnapshotSections.Reader(new ByteArrayInputStream(cut));
    assertThat(r.next()).isEqualTo("members");
    assertThatThrownBy(() -> {
      r.next();
      r.body().readAllBytes();
      r.next();
    }).isInstanceOf(IOException.class).hasMessageContaining("truncated");
    assertThatThrownBy(() -> new SnapshotSections.Reader(new ByteArrayInputStream("RKVS....".getBytes())))
        .isInstanceOf(IOException.class).hasMessageContaining("magic");
    assertThat(SnapshotSections.startsWithMagic(Arrays.copyOf(whole, 4))).isTrue();
  }
}
