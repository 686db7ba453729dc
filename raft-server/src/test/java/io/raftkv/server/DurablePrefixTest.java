package io.raftkv.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.raftkv.raft.Ready;
import io.raftkv.raft.proto.ConfState;
import io.raftkv.raft.proto.Entry;
import io.raftkv.raft.proto.SnapshotMetadata;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The committed entries a Ready may hand the applier before its own fsync (issue #10). */
class DurablePrefixTest {

  private static Entry e(long index) {
    return Entry.normal(2, index, new byte[0]);
  }

  private static Ready ready(List<Entry> entries, List<Entry> committed, ConfState cs, SnapshotMetadata snap) {
    boolean sync = !entries.isEmpty() || snap != null;
    return new Ready(null, null, entries, List.of(), snap, committed, cs, List.of(), List.of(), List.of(), sync);
  }

  @Test
  void committedEntriesUpToTheDurableLastIndexGoAtOnce() {
    Ready rd = ready(List.of(e(8), e(9)), List.of(e(5), e(6), e(7)), null, null);
    assertThat(DurablePrefix.committedEntries(rd, 6)).isEqualTo(2);
    assertThat(DurablePrefix.committedEntries(rd, 7)).isEqualTo(3);
    assertThat(DurablePrefix.committedEntries(rd, 4)).isZero();
  }

  @Test
  void anEntryThisReadyRewritesIsNotDurableInItsCommittedForm() {
    // The disk holds a stale entry 6 of an older term; this Ready replaces it and it is committed.
    Ready rd = ready(List.of(e(6), e(7)), List.of(e(5), e(6)), null, null);
    assertThat(DurablePrefix.committedEntries(rd, 9)).isEqualTo(1);
  }

  @Test
  void aSnapshotOrAMembershipChangeSplitAcrossTheFsyncHoldsEverythingBack() {
    SnapshotMetadata snap = new SnapshotMetadata(4, 2, ConfState.ofVoters(Set.of("n1")), 0);
    assertThat(DurablePrefix.committedEntries(ready(List.of(), List.of(e(5)), null, snap), 9)).isZero();
    ConfState cs = ConfState.ofVoters(Set.of("n1", "n2"));
    assertThat(DurablePrefix.committedEntries(ready(List.of(e(7)), List.of(e(5), e(6)), cs, null), 5)).isZero();
    assertThat(DurablePrefix.committedEntries(ready(List.of(e(7)), List.of(e(5), e(6)), cs, null), 6)).isEqualTo(2);
  }

  @Test
  void aReadyInFlightThatRewritesTheLogLowersWhatIsDurable() {
    // Storage holds 1..9, but an earlier Ready still being written replaces 6 onwards.
    Ready rewriting = ready(List.of(e(6)), List.of(), null, null);
    Ready rd = ready(List.of(), List.of(e(5), e(6)), null, null);
    List<DurablePrefix.InFlight> inFlight = List.of(new DurablePrefix.InFlight(rewriting, 0));
    assertThat(DurablePrefix.committedEntries(rd, 9, inFlight)).isEqualTo(1);
  }

  @Test
  void whileAnEarlierReadyHoldsBackCommittedEntriesSoDoesThisOne() {
    // The earlier Ready's entry 5 waits for its fsync; 6 must not reach the applier before it.
    Ready earlier = ready(List.of(e(5)), List.of(e(5)), null, null);
    Ready rd = ready(List.of(), List.of(e(6)), null, null);
    assertThat(DurablePrefix.committedEntries(rd, 9, List.of(new DurablePrefix.InFlight(earlier, 0)))).isZero();
    assertThat(DurablePrefix.committedEntries(rd, 9, List.of(new DurablePrefix.InFlight(earlier, 1))))
        .as("the earlier Ready's entries all went early").isZero(); // its entry 5 is being rewritten
    Ready plain = ready(List.of(), List.of(e(5)), null, null);
    assertThat(DurablePrefix.committedEntries(rd, 9, List.of(new DurablePrefix.InFlight(plain, 1)))).isEqualTo(1);
  }
}
