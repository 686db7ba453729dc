package io.raftkv.raft;

import io.raftkv.raft.proto.AppendEntries;
import io.raftkv.raft.proto.AppendEntriesResponse;
import io.raftkv.raft.proto.Heartbeat;
import io.raftkv.raft.proto.InstallSnapshot;
import io.raftkv.raft.proto.Message;
import io.raftkv.raft.proto.ReadIndexResponse;
import io.raftkv.raft.proto.TimeoutNow;
import java.util.ArrayList;
import java.util.List;

/**
 * Messages produced since the last Ready, split by the persist-before-send rule of {@link Ready}.
 *
 * <p>Only a leader's replication traffic may leave before persistence (thesis §10.2.1): the leader
 * counts itself towards a quorum only for entries it reported durable, so sending them early is safe.
 * Everything else (votes, acknowledgements, anything a non-leader sends) promises durable state and waits.
 */
final class Outbox {

  private ArrayList<Message> sendNow = new ArrayList<>();
  private ArrayList<Message> afterPersist = new ArrayList<>();

  void send(Message m, boolean senderIsLeader) {
    if (senderIsLeader && isLeaderReplicationTraffic(m)) {
      sendNow.add(m);
    } else {
      afterPersist.add(m);
    }
  }

  static boolean isLeaderReplicationTraffic(Message m) {
    return m instanceof AppendEntries
        || m instanceof Heartbeat
        || m instanceof InstallSnapshot
        || m instanceof TimeoutNow
        || m instanceof ReadIndexResponse;
  }

  boolean isEmpty() {
    return sendNow.isEmpty() && afterPersist.isEmpty();
  }

  List<Message> takeSendNow() {
    if (sendNow.isEmpty()) {
      return List.of();
    }
    List<Message> out = sendNow;
    sendNow = new ArrayList<>();
    return out;
  }

  /**
   * The messages that wait for persistence, minus successful append acknowledgements of a term the node
   * has since left: their entries may have been truncated by the new term's leader before this Ready
   * persists anything, so sending them would promise durability that does not exist (FINDINGS F4), and
   * the deposed leader they are addressed to can no longer use them.
   */
  List<Message> takeAfterPersist(long currentTerm) {
    if (afterPersist.isEmpty()) {
      return List.of();
    }
    List<Message> out = afterPersist;
    afterPersist = new ArrayList<>();
    out.removeIf(m -> m instanceof AppendEntriesResponse r && r.success() && r.term() < currentTerm);
    return out;
  }
}
