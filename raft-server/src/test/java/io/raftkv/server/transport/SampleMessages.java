package io.raftkv.server.transport;

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
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;

/** One message of every kind, with distinct field values, shared by transport tests. */
public final class SampleMessages {

  private SampleMessages() {}

  /** One of each {@link Message} record from {@code from} to {@code to}; {@code seq} varies the values. */
  public static List<Message> everyKind(String from, String to, long seq) {
    byte[] payload = ("payload-" + seq).getBytes(StandardCharsets.UTF_8);
    SnapshotMetadata meta = new SnapshotMetadata(100 + seq, 7,
        new ConfState(Set.of("a", "b", "c"), Set.of("l"), Set.of(), Set.of(), false), 4096);
    return List.of(
        new RequestVote(from, to, seq + 1, 10, 3, true, false),
        new RequestVoteResponse(from, to, seq + 2, true, false),
        new AppendEntries(from, to, seq + 3, 11, 4,
            List.of(Entry.normal(4, 12, payload), new Entry(4, 13, EntryType.CONF_CHANGE, new byte[] {1, 2})), 9),
        new AppendEntriesResponse(from, to, seq + 4, false, 0, 15, 2, 8),
        new Heartbeat(from, to, seq + 5, 16, 42),
        new HeartbeatResponse(from, to, seq + 6, 42),
        new InstallSnapshot(from, to, seq + 7, meta, 1 << 20, payload, true),
        new InstallSnapshotResponse(from, to, seq + 8, 100 + seq, 2 << 20, false),
        new TimeoutNow(from, to, seq + 9),
        new ReadIndexRequest(from, to, seq + 10, 77),
        new ReadIndexResponse(from, to, seq + 11, 77, 18, true),
        new Propose(from, to, seq + 12, List.of(Entry.normal(0, 0, payload))));
  }

  /** An AppendEntries of {@code count} entries of {@code size} bytes each, starting after {@code prevIndex}. */
  public static AppendEntries append(String from, String to, long prevIndex, int count, int size) {
    Entry[] entries = new Entry[count];
    for (int i = 0; i < count; i++) {
      byte[] data = new byte[size];
      data[0] = (byte) i;
      entries[i] = Entry.normal(1, prevIndex + 1 + i, data);
    }
    return new AppendEntries(from, to, 1, prevIndex, 1, List.of(entries), prevIndex);
  }
}
