package io.raftkv.kv.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.raftkv.api.KvResult;
import io.raftkv.api.PutResult;
import io.raftkv.kv.KvCommand;
import io.raftkv.kv.KvCommandCodec;
import io.raftkv.kv.KvStateMachine;
import io.raftkv.raft.proto.ConfChange;
import io.raftkv.raft.proto.ConfChangeSingle;
import io.raftkv.raft.proto.ConfChangeType;
import io.raftkv.raft.proto.Entry;
import io.raftkv.raft.proto.EntryType;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * KvReplica over a real KvStateMachine, fed committed entries directly (what the applier thread does);
 * {@code apply} completes futures on the calling thread, so their state is checked right after it.
 */
class KvReplicaTest {

  private final KvReplica replica = new KvReplica(new KvStateMachine());

  private static Entry put(long index, RequestId id, String key, String value) {
    byte[] cmd = KvCommandCodec.encode(new KvCommand.Put(key, value.getBytes(StandardCharsets.UTF_8)));
    return Entry.normal(1, index, EntryPayload.encode(id, cmd));
  }

  @Test
  void anAppliedEntryCompletesOnlyTheWaiterWithItsRequestId() {
    RequestId mine = new RequestId(1, 1);
    RequestId other = new RequestId(1, 2);
    CompletableFuture<KvResult> mineDone = replica.await(mine);
    CompletableFuture<KvResult> otherDone = replica.await(other);

    replica.apply(List.of(put(1, other, "b", "2")));

    assertThat(mineDone).isNotDone();
    assertThat(otherDone).isCompletedWithValue(new PutResult(1, 1, 1, 1));

    replica.apply(List.of(put(2, mine, "a", "1")));

    assertThat(mineDone).isCompletedWithValue(new PutResult(2, 2, 2, 1));
    assertThat(replica.waitingCount()).isZero();
  }

  @Test
  void entriesProposedByOtherNodesApplyWithoutCompletingAnythingHere() {
    RequestId mine = new RequestId(1, 1);
    CompletableFuture<KvResult> mineDone = replica.await(mine);

    // Same sequence number, another process: request ids match on both halves, not on the counter alone.
    replica.apply(List.of(put(1, new RequestId(2, 1), "k", "v"), put(2, new RequestId(3, 1), "k", "w")));

    assertThat(mineDone).isNotDone();
    assertThat(replica.state().get("k")).hasValueSatisfying(kv -> assertThat(kv.modRevision()).isEqualTo(2));
    assertThat(replica.state().lastApplied()).isEqualTo(2);
  }

  @Test
  void nonKvAndUndecodableEntriesAreSkippedButStillCountAsApplied() {
    RequestId garbled = new RequestId(1, 1);
    RequestId good = new RequestId(1, 2);
    CompletableFuture<KvResult> garbledDone = replica.await(garbled);
    CompletableFuture<KvResult> goodDone = replica.await(good);
    byte[] confChange = ConfChange.of(new ConfChangeSingle(ConfChangeType.ADD_NODE, "n4")).toBytes();

    replica.apply(List.of(
        Entry.normal(1, 1, new byte[0]),                                   // a leader's no-op
        new Entry(1, 2, EntryType.CONF_CHANGE, confChange),
        Entry.normal(1, 3, EntryPayload.encode(garbled, new byte[] {(byte) 0xFF, 1, 2})),
        Entry.normal(1, 4, "not a payload".getBytes(StandardCharsets.UTF_8)),
        put(5, good, "k", "v")));

    assertThat(replica.state().lastApplied()).isEqualTo(5);
    assertThat(replica.state().size()).isEqualTo(1);
    assertThat(goodDone).as("the first change: revision 1").isCompletedWithValue(new PutResult(1, 1, 1, 1));
    // A command no replica can decode has no result: its waiter is left to the request timeout (504).
    assertThat(garbledDone).isNotDone();
    assertThat(replica.waitingCount()).isEqualTo(1);
  }
}
