package io.raftkv.transport.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.raftkv.raft.proto.AppendEntries;
import io.raftkv.raft.proto.AppendEntriesResponse;
import io.raftkv.raft.proto.ConfState;
import io.raftkv.raft.proto.Entry;
import io.raftkv.raft.proto.EntryType;
import io.raftkv.raft.proto.Heartbeat;
import io.raftkv.raft.proto.InstallSnapshot;
import io.raftkv.raft.proto.Message;
import io.raftkv.raft.proto.RequestVote;
import io.raftkv.raft.proto.SnapshotMetadata;
import io.raftkv.server.transport.SampleMessages;
import io.raftkv.transport.codec.pb.Envelope;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Golden checks of the field mapping and of the rejection of invalid envelopes. */
class MessageCodecTest {

  @Test
  void heartbeatEncodesToHandComputedBytes() {
    // Derived by hand from raft_transport.proto and the protobuf wire format: field 1 "c", 2 "a",
    // 3 "b" (tag = number << 3 | 2), term = field 4 varint 5, heartbeat = field 14 (tag 0x72) holding
    // leader_commit = 7 (0x08 07) and read_context = 9 (0x10 09).
    byte[] wire = MessageCodec.toEnvelope("c", new Heartbeat("a", "b", 5, 7, 9)).toByteArray();

    assertThat(HexFormat.of().formatHex(wire)).isEqualTo("0a0163" + "120161" + "1a0162" + "2005" + "7204" + "0807" + "1009");
  }

  @Test
  void commonFieldsTravelInTheEnvelope() {
    Envelope env = MessageCodec.toEnvelope("cluster-9", new RequestVote("n1", "n2", 17, 23, 29, true, false));

    assertThat(env.getClusterId()).isEqualTo("cluster-9");
    assertThat(env.getSenderId()).isEqualTo("n1");
    assertThat(env.getRecipientId()).isEqualTo("n2");
    assertThat(env.getTerm()).isEqualTo(17);
    assertThat(env.getBodyCase()).isEqualTo(Envelope.BodyCase.REQUEST_VOTE);
    assertThat(env.getRequestVote().getLastLogIndex()).isEqualTo(23);
    assertThat(env.getRequestVote().getLastLogTerm()).isEqualTo(29);
    assertThat(env.getRequestVote().getPreVote()).isTrue();
    assertThat(env.getRequestVote().getLeadershipTransfer()).isFalse();
  }

  @Test
  void appendEntriesFieldsMapOneToOne() {
    Entry conf = new Entry(3, 12, EntryType.CONF_CHANGE, new byte[] {9});
    Envelope env = MessageCodec.toEnvelope("c",
        new AppendEntries("a", "b", 4, 10, 2, List.of(Entry.normal(3, 11, new byte[] {1, 2}), conf), 8));

    var a = env.getAppendEntries();
    assertThat(a.getPrevLogIndex()).isEqualTo(10);
    assertThat(a.getPrevLogTerm()).isEqualTo(2);
    assertThat(a.getLeaderCommit()).isEqualTo(8);
    assertThat(a.getEntriesCount()).isEqualTo(2);
    assertThat(a.getEntries(0).getIndex()).isEqualTo(11);
    assertThat(a.getEntries(0).getTerm()).isEqualTo(3);
    assertThat(a.getEntries(0).getData().toByteArray()).containsExactly(1, 2);
    assertThat(a.getEntries(1).getType()).isEqualTo(io.raftkv.transport.codec.pb.EntryType.ENTRY_TYPE_CONF_CHANGE);
  }

  @Test
  void appendEntriesResponseKeepsConflictHintApart() {
    var r = MessageCodec.toEnvelope("c", new AppendEntriesResponse("a", "b", 1, false, 2, 3, 4, 5))
        .getAppendEntriesResponse();

    assertThat(List.of(r.getMatchIndex(), r.getRejectedIndex(), r.getConflictTerm(), r.getConflictIndex()))
        .containsExactly(2L, 3L, 4L, 5L);
    assertThat(r.getSuccess()).isFalse();
  }

  @Test
  void snapshotMetadataAndConfStateMapOneToOne() {
    ConfState cs = new ConfState(Set.of("z", "a", "m"), Set.of("l"), Set.of("o"), Set.of("n"), true);
    var s = MessageCodec.toEnvelope("c",
        new InstallSnapshot("a", "b", 2, new SnapshotMetadata(40, 3, cs, 999), 1024, new byte[] {7}, true))
        .getInstallSnapshot();

    assertThat(s.getOffset()).isEqualTo(1024);
    assertThat(s.getDone()).isTrue();
    assertThat(s.getMetadata().getIndex()).isEqualTo(40);
    assertThat(s.getMetadata().getTerm()).isEqualTo(3);
    assertThat(s.getMetadata().getSizeBytes()).isEqualTo(999);
    var w = s.getMetadata().getConfState();
    assertThat(w.getVotersList()).containsExactly("a", "m", "z"); // sorted on the wire
    assertThat(w.getLearnersList()).containsExactly("l");
    assertThat(w.getVotersOutgoingList()).containsExactly("o");
    assertThat(w.getLearnersNextList()).containsExactly("n");
    assertThat(w.getAutoLeave()).isTrue();
  }

  @Test
  void everySampleRoundTrips() throws Exception {
    List<Message> samples = SampleMessages.everyKind("a", "b", 3);
    assertThat(samples).extracting(Object::getClass).containsExactlyInAnyOrder(Message.class.getPermittedSubclasses());
    for (Message m : samples) {
      Message back = MessageCodec.fromEnvelope(Envelope.parseFrom(MessageCodec.toEnvelope("c", m).toByteArray()));
      assertThat(back).usingRecursiveComparison().isEqualTo(m);
    }
  }

  @Test
  void envelopeWithoutBodyIsRejected() {
    Envelope env = Envelope.newBuilder().setClusterId("c").setSenderId("a").setRecipientId("b").setTerm(1).build();

    assertThatThrownBy(() -> MessageCodec.fromEnvelope(env)).isInstanceOf(CodecException.class)
        .hasMessageContaining("no known body");
  }

  @Test
  void unknownEntryTypeIsRejected() {
    Envelope good = MessageCodec.toEnvelope("c",
        new AppendEntries("a", "b", 1, 0, 0, List.of(Entry.normal(1, 1, new byte[0])), 0));
    Envelope bad = good.toBuilder()
        .setAppendEntries(good.getAppendEntries().toBuilder()
            .setEntries(0, good.getAppendEntries().getEntries(0).toBuilder().setTypeValue(7)))
        .build();

    assertThatThrownBy(() -> MessageCodec.fromEnvelope(bad)).isInstanceOf(CodecException.class)
        .hasMessageContaining("unknown entry type");
  }

  @Test
  void duplicateMemberInConfStateIsRejected() {
    Envelope good = MessageCodec.toEnvelope("c", new InstallSnapshot("a", "b", 1,
        new SnapshotMetadata(1, 1, ConfState.ofVoters(Set.of("a")), 0), 0, new byte[0], true));
    var s = good.getInstallSnapshot();
    Envelope bad = good.toBuilder()
        .setInstallSnapshot(s.toBuilder().setMetadata(s.getMetadata().toBuilder()
            .setConfState(s.getMetadata().getConfState().toBuilder().addVoters("a"))))
        .build();

    assertThatThrownBy(() -> MessageCodec.fromEnvelope(bad)).isInstanceOf(CodecException.class)
        .hasMessageContaining("duplicate node id");
  }

  @Test
  void installSnapshotWithoutMetadataIsRejected() {
    Envelope env = Envelope.newBuilder().setSenderId("a").setRecipientId("b")
        .setInstallSnapshot(io.raftkv.transport.codec.pb.InstallSnapshot.getDefaultInstance()).build();

    assertThatThrownBy(() -> MessageCodec.fromEnvelope(env)).isInstanceOf(CodecException.class)
        .hasMessageContaining("without metadata");
  }

  @Test
  void sizeEstimateCoversPayload() {
    AppendEntries a = SampleMessages.append("a", "b", 0, 64, 256);
    int encoded = MessageCodec.toEnvelope("cluster", a).getSerializedSize();

    assertThat(MessageSizes.estimate(a)).isGreaterThanOrEqualTo(encoded);
  }
}
