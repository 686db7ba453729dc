package io.raftkv.kv.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.raftkv.raft.proto.ConfChange;
import io.raftkv.raft.proto.ConfChangeSingle;
import io.raftkv.raft.proto.ConfChangeType;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The member table: derived from conf changes and announcements alone, and its snapshot section. */
class MemberTableTest {

  private static final MemberAddress N4 = MemberAddress.of("n4", "10.0.0.4:7001", "http://10.0.0.4:8001");

  private static MemberTable founders() {
    return MemberTable.EMPTY.withConfChange(1, ConfChange.of(new ConfChangeSingle(ConfChangeType.ADD_NODE, "n1"),
        new ConfChangeSingle(ConfChangeType.ADD_NODE, "n2")));
  }

  @Test
  void foundersAreKnownByIdUntilTheyAnnounceThemselves() {
    MemberTable t = founders();
    assertThat(t.configIndex()).isEqualTo(1);
    assertThat(t.get("n1").peerAddress()).isEmpty();
    MemberTable announced = t.withAnnouncement(MemberAddress.of("n1", "10.0.0.1:7001", "http://10.0.0.1:8001"));
    assertThat(announced.get("n1").clientUrl()).isEqualTo("http://10.0.0.1:8001");
    assertThat(announced.configIndex()).isEqualTo(1);
    assertThat(announced.peersOf("n2")).containsOnlyKeys("n1");
    // An announcement of a non-member changes nothing.
    assertThat(t.withAnnouncement(N4)).isSameAs(t);
  }

  @Test
  void confChangeContextsAddAndRemovalsDrop() {
    MemberTable t = founders().withConfChange(7,
        ConfChange.of(new ConfChangeSingle(ConfChangeType.ADD_LEARNER, "n4", N4.toContext())));
    assertThat(t.get("n4")).isEqualTo(N4);
    assertThat(t.configIndex()).isEqualTo(7);
    MemberTable promoted = t.withConfChange(9, ConfChange.of(new ConfChangeSingle(ConfChangeType.ADD_NODE, "n4")));
    assertThat(promoted.get("n4")).isEqualTo(N4); // a promotion without context keeps the addresses
    MemberTable removed = promoted.withConfChange(11,
        ConfChange.of(new ConfChangeSingle(ConfChangeType.REMOVE_NODE, "n1")));
    assertThat(removed.members()).containsOnlyKeys("n2", "n4");
  }

  @Test
  void anAutoPromoteIntentIsReplicatedWithTheAddAndSettledByThePromotionOrRemoval() {
    MemberTable added = founders().withConfChange(7,
        ConfChange.of(new ConfChangeSingle(ConfChangeType.ADD_LEARNER, "n4", N4.toContextPromotingWhenCaughtUp())));
    assertThat(added.get("n4")).isEqualTo(N4);
    assertThat(added.autoPromote()).containsExactly("n4");
    assertThat(added.withAnnouncement(MemberAddress.of("n1", "10.0.0.1:7001", "http://10.0.0.1:8001")).autoPromote())
        .as("an announcement keeps the intent").containsExactly("n4");
    MemberTable promoted = added.withConfChange(9,
        ConfChange.of(new ConfChangeSingle(ConfChangeType.ADD_NODE, "n4", N4.toContext())));
    assertThat(promoted.autoPromote()).isEmpty();
    assertThat(added.withConfChange(9, ConfChange.of(new ConfChangeSingle(ConfChangeType.REMOVE_NODE, "n4")))
        .autoPromote()).isEmpty();
    MemberTable plain = founders().withConfChange(7,
        ConfChange.of(new ConfChangeSingle(ConfChangeType.ADD_LEARNER, "n4", N4.toContext())));
    assertThat(plain.autoPromote()).as("a plain add asks for no promotion").isEmpty();
    // An announcement (version-1 context reader) still reads its own format.
    assertThat(MemberAddress.fromContext("n4", N4.toContextPromotingWhenCaughtUp())).isEqualTo(N4);
  }

  @Test
  void theSnapshotSectionCarriesTheIntentAndStaysVersionOneWithoutIt() {
    MemberTable added = founders().withConfChange(7,
        ConfChange.of(new ConfChangeSingle(ConfChangeType.ADD_LEARNER, "n4", N4.toContextPromotingWhenCaughtUp())));
    byte[] kv = "RKVS-rest".getBytes(StandardCharsets.US_ASCII);
    byte[] joined = MemberTableSection.join(added, kv);
    assertThat(joined[4]).as("version byte").isEqualTo((byte) 2);
    MemberTableSection.Split split = MemberTableSection.split(joined);
    assertThat(split.table()).isEqualTo(added);
    assertThat(split.table().autoPromote()).containsExactly("n4");
    assertThat(split.rest()).isEqualTo(kv);
    assertThat(MemberTableSection.join(founders(), kv)[4]).as("readable by builds that know only v1").isEqualTo((byte) 1);
  }

  @Test
  void aMalformedContextKeepsWhatWasKnownOnEveryReplica() {
    MemberTable t = founders().withConfChange(3,
        ConfChange.of(new ConfChangeSingle(ConfChangeType.ADD_LEARNER, "n4", new byte[] {9, 9})));
    assertThat(t.get("n4")).isEqualTo(MemberAddress.unknown("n4"));
  }

  @Test
  void badAddressesAreRefused() {
    assertThatThrownBy(() -> MemberAddress.of("n4", "nohost", "http://a:1")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> MemberAddress.of("n4", "a:1", "http://a:1/path")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> MemberAddress.of("n 4", "a:1", "http://a:1")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> MemberAddress.of("n4", "a:99999", "http://a:1")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void theSnapshotSectionRoundTripsAndOldSnapshotsReadAsAnEmptyTable() {
    MemberTable t = founders().withConfChange(7,
        ConfChange.of(new ConfChangeSingle(ConfChangeType.ADD_LEARNER, "n4", N4.toContext())));
    byte[] kv = "RKVS-rest".getBytes(StandardCharsets.US_ASCII);
    MemberTableSection.Split split = MemberTableSection.split(MemberTableSection.join(t, kv));
    assertThat(split.table()).isEqualTo(t);
    assertThat(split.rest()).isEqualTo(kv);
    MemberTableSection.Split old = MemberTableSection.split(kv);
    assertThat(old.table()).isEqualTo(MemberTable.EMPTY);
    assertThat(old.rest()).isEqualTo(kv);
  }

  @Test
  void aCorruptSectionIsRefused() {
    byte[] joined = MemberTableSection.join(founders(), new byte[0]);
    byte[] flipped = joined.clone();
    flipped[12] ^= 1;
    assertThatThrownBy(() -> MemberTableSection.split(flipped)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> MemberTableSection.split(Arrays.copyOf(joined, 10)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void announcementsRoundTrip() {
    assertThat(MemberAnnouncement.decode(MemberAnnouncement.encode(N4))).isEqualTo(N4);
    assertThat(MemberAnnouncement.is(EntryPayload.encode(new RequestId(1, 2), new byte[0]))).isFalse();
  }
}
