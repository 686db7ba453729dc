package io.raftkv.raft;

import io.raftkv.raft.confchange.ConfChanger;
import io.raftkv.raft.confchange.InvalidConfChangeException;
import io.raftkv.raft.proto.ConfChange;
import io.raftkv.raft.proto.Entry;
import io.raftkv.raft.proto.EntryType;
import io.raftkv.raft.proto.Propose;
import io.raftkv.raft.role.Leader;
import java.util.ArrayList;
import java.util.List;

/**
 * The leader's admission of new entries: client proposals, forwarded proposals, membership changes
 * (at most one pending, thesis §4.1/§4.3) and its own no-op and leave-joint entries. Admitted entries
 * get the current term and the next indexes (§5.3: the leader only appends) and are sent with the next
 * Ready. A follower forwards its proposals to the leader. Owns no state: the pending conf change and the
 * uncommitted budget belong to the {@link Leader} role, the entries to the log.
 */
final class Proposals {

  private final RaftNode n;

  Proposals(RaftNode n) {
    this.n = n;
  }

  /**
   * Admits client entries (term and index are assigned here).
   *
   * @throws ProposalDroppedException if refused
   * @throws IllegalArgumentException if a conf change is malformed or invalid for the membership
   */
  void appendProposals(Leader l, List<Entry> ents) {
    checkAccepting(l);
    boolean confChangeInBatch = false;
    long bytes = 0;
    for (Entry e : ents) {
      bytes += e.data().length;
      if (e.type() == EntryType.CONF_CHANGE) {
        if (confChangeInBatch || l.pendingConfIndex() > n.log.applying()) {
          throw new ProposalDroppedException(DropReason.CONF_CHANGE_PENDING);
        }
        confChangeInBatch = true;
        validate(ConfChange.fromBytes(e.data()));
      }
    }
    if (!l.tryReserve(bytes, n.config.maxUncommittedEntriesBytes())) {
      throw new ProposalDroppedException(DropReason.TOO_MANY_UNCOMMITTED);
    }
    append(l, ents);
  }

  /**
   * Admits client commands at the leader (the common case, without conf changes).
   *
   * @throws ProposalDroppedException if refused
   */
  void appendCommands(Leader l, List<byte[]> commands) {
    checkAccepting(l);
    long bytes = 0;
    for (byte[] c : commands) {
      bytes += java.util.Objects.requireNonNull(c, "command").length;
    }
    if (!l.tryReserve(bytes, n.config.maxUncommittedEntriesBytes())) {
      throw new ProposalDroppedException(DropReason.TOO_MANY_UNCOMMITTED);
    }
    long term = n.state.currentTerm();
    long index = n.log.lastIndex();
    List<Entry> stamped = new ArrayList<>(commands.size());
    for (byte[] c : commands) {
      stamped.add(Entry.normal(term, ++index, c));
    }
    n.log.append(stamped);
    n.nextReady.requestBroadcast();
  }

  private void checkAccepting(Leader l) {
    if (l.leadTransferee() != null) {
      throw new ProposalDroppedException(DropReason.LEADERSHIP_TRANSFER_IN_PROGRESS);
    }
    if (n.tracker.get(n.id) == null) {
      throw new ProposalDroppedException(DropReason.NOT_A_MEMBER);
    }
  }

  /**
   * A follower's proposal goes to the leader it knows (fire and forget).
   *
   * @throws ProposalDroppedException with NO_LEADER if it knows none
   */
  void forward(List<Entry> ents) {
    String leader = n.state.leaderId();
    if (leader == null) {
      throw new ProposalDroppedException(DropReason.NO_LEADER);
    }
    n.send(new Propose(n.id, leader, n.state.currentTerm(), ents));
  }

  /** Client commands as entries without term and index (the leader assigns them). */
  static List<Entry> unstamped(List<byte[]> commands) {
    List<Entry> ents = new ArrayList<>(commands.size());
    for (byte[] c : commands) {
      ents.add(Entry.normal(0, 0, java.util.Objects.requireNonNull(c, "command")));
    }
    return ents;
  }

  /** A member's forwarded proposal: admitted like a local one, silently dropped if refused. */
  void appendForwarded(Leader l, Propose p) {
    try {
      appendProposals(l, p.entries());
    } catch (ProposalDroppedException | IllegalArgumentException e) {
      // Fire and forget: the proposer learns nothing was applied by timing out.
    }
  }

  /** The leader's own entries (no-op, leave-joint): no admission control. */
  void appendInternal(Leader l, Entry e) {
    append(l, List.of(e));
  }

  private void validate(ConfChange cc) {
    if (n.tracker.config().isJoint() && !cc.isLeaveJoint()) {
      // The leave (proposed automatically with autoLeave, or by the caller) must come first.
      throw new ProposalDroppedException(DropReason.CONF_CHANGE_PENDING);
    }
    try {
      new ConfChanger(n.tracker.config(), n.tracker.progress(), n.log.lastIndex(), n.tracker.maxInflight()).apply(cc);
    } catch (InvalidConfChangeException e) {
      throw new IllegalArgumentException("invalid membership change " + cc + ": " + e.getMessage(), e);
    }
  }

  private void append(Leader l, List<Entry> ents) {
    long term = n.state.currentTerm();
    long index = n.log.lastIndex();
    List<Entry> stamped = new ArrayList<>(ents.size());
    for (Entry e : ents) {
      index++;
      stamped.add(new Entry(term, index, e.type(), e.data()));
      if (e.type() == EntryType.CONF_CHANGE) {
        l.setPendingConfIndex(index);
      }
    }
    n.log.append(stamped);
    n.nextReady.requestBroadcast();
  }
}
