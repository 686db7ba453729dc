package io.raftkv.server.transport;

import static org.assertj.core.api.Assertions.assertThat;

import io.raftkv.raft.proto.InstallSnapshot;
import io.raftkv.raft.proto.Message;
import java.util.List;

/**
 * Equality of delivered messages. Records compare by value, except {@link InstallSnapshot}, whose
 * {@code data} array records compare by identity; its payload is compared by content here (directly,
 * not reflectively, so multi-megabyte chunks stay cheap to check).
 */
public final class MessageAssertions {

  private MessageAssertions() {}

  public static void assertSameMessages(List<Message> actual, List<Message> expected) {
    assertThat(actual).hasSameSizeAs(expected);
    for (int i = 0; i < expected.size(); i++) {
      Message e = expected.get(i);
      Message a = actual.get(i);
      if (e instanceof InstallSnapshot es && a instanceof InstallSnapshot as) {
        assertThat(as).as("message %d", i).usingRecursiveComparison().ignoringFields("data").isEqualTo(es);
        assertThat(java.util.Arrays.equals(as.data(), es.data())).as("payload of message %d", i).isTrue();
      } else {
        assertThat(a).as("message %d", i).isEqualTo(e);
      }
    }
  }
}
