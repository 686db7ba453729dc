package io.raftkv.transport.codec;

import io.raftkv.raft.proto.AppendEntries;
import io.raftkv.raft.proto.AppendEntriesResponse;
import io.raftkv.raft.proto.ConfState;
import io.raftkv.raft.proto.Entry;
import io.raftkv.raft.proto.EntryType;
import io.raftkv.raft.proto.Heartbeat;
import io.raftkv.raft.proto.HeartbeatResponse;
import io.raftkv.raft.proto.InstallSnapshot;
import io.raftkv.raft.proto.InstallSnapshotResponse;
import io.raftkv.raft.proto.Message;
import io.raftkv.raft.proto.Propose;
import io.raftkv.raft.proto.ReadIndexRequest;
import io.raftkv.raft.proto.ReadIndexResponse;
import io.raftkv.raft.proto.RequestVote;
import io.raftkv.raft.proto.RequestVoteResponse;
import io.raftkv.raft.proto.SnapshotMetadata;
import io.raftkv.raft.proto.TimeoutNow;
import java.util.List;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/** jqwik generators for every {@link Message} record, covering the full range of every field. */
final class MessageArbitraries {

  private MessageArbitraries() {}

  static Arbitrary<Message> messages() {
    return Arbitraries.oneOf(List.of(requestVote(), requestVoteResponse(), appendEntries(),
        appendEntriesResponse(), heartbeat(), heartbeatResponse(), installSnapshot(),
        installSnapshotResponse(), timeoutNow(), readIndexRequest(), readIndexResponse(), propose()));
  }

  static Arbitrary<String> ids() {
    // Includes the empty string and non-ASCII: ids travel as UTF-8 strings.
    return Arbitraries.oneOf(List.of(Arbitraries.of("n1", "n2", "n3", ""),
        Arbitraries.strings().ofMaxLength(12)));
  }

  static Arbitrary<Long> longs() {
    return Arbitraries.oneOf(List.of(Arbitraries.longs(), Arbitraries.longs().between(0, 1000),
        Arbitraries.of(0L, -1L, Long.MAX_VALUE, Long.MIN_VALUE)));
  }

  static Arbitrary<Boolean> bools() {
    return Arbitraries.of(true, false);
  }

  static Arbitrary<byte[]> bytes() {
    return Arbitraries.bytes().array(byte[].class).ofMaxSize(64);
  }

  static Arbitrary<Entry> entries() {
    return Combinators.combine(longs(), longs(), Arbitraries.of(EntryType.class), bytes()).as(Entry::new);
  }

  static Arbitrary<List<Entry>> entryLists() {
    return entries().list().ofMaxSize(8);
  }

  static Arbitrary<Set<String>> idSets() {
    return ids().set().ofMaxSize(5);
  }

  static Arbitrary<ConfState> confStates() {
    return Combinators.combine(idSets(), idSets(), idSets(), idSets(), bools()).as(ConfState::new);
  }

  static Arbitrary<SnapshotMetadata> metadata() {
    return Combinators.combine(longs(), longs(), confStates(), longs()).as(SnapshotMetadata::new);
  }

  static Arbitrary<Message> requestVote() {
    return Combinators.combine(ids(), ids(), longs(), longs(), longs(), bools(), bools()).as(RequestVote::new);
  }

  static Arbitrary<Message> requestVoteResponse() {
    return Combinators.combine(ids(), ids(), longs(), bools(), bools()).as(RequestVoteResponse::new);
  }

  static Arbitrary<Message> appendEntries() {
    return Combinators.combine(ids(), ids(), longs(), longs(), longs(), entryLists(), longs())
        .as(AppendEntries::new);
  }

  static Arbitrary<Message> appendEntriesResponse() {
    return Combinators.combine(ids(), ids(), longs(), bools(), longs(), longs(), longs(), longs())
        .as(AppendEntriesResponse::new);
  }

  static Arbitrary<Message> heartbeat() {
    return Combinators.combine(ids(), ids(), longs(), longs(), longs()).as(Heartbeat::new);
  }

  static Arbitrary<Message> heartbeatResponse() {
    return Combinators.combine(ids(), ids(), longs(), longs()).as(HeartbeatResponse::new);
  }

  static Arbitrary<Message> installSnapshot() {
    return Combinators.combine(ids(), ids(), longs(), metadata(), longs(), bytes(), bools())
        .as(InstallSnapshot::new);
  }

  static Arbitrary<Message> installSnapshotResponse() {
    return Combinators.combine(ids(), ids(), longs(), longs(), longs(), bools()).as(InstallSnapshotResponse::new);
  }

  static Arbitrary<Message> timeoutNow() {
    return Combinators.combine(ids(), ids(), longs()).as(TimeoutNow::new);
  }

  static Arbitrary<Message> readIndexRequest() {
    return Combinators.combine(ids(), ids(), longs(), longs()).as(ReadIndexRequest::new);
  }

  static Arbitrary<Message> readIndexResponse() {
    return Combinators.combine(ids(), ids(), longs(), longs(), longs(), bools()).as(ReadIndexResponse::new);
  }

  static Arbitrary<Message> propose() {
    return Combinators.combine(ids(), ids(), longs(), entryLists()).as(Propose::new);
  }
}
