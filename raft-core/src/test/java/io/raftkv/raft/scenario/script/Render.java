package io.raftkv.raft.scenario.script;

import io.raftkv.raft.PeerStatus;
import io.raftkv.raft.ReadState;
import io.raftkv.raft.Ready;
import io.raftkv.raft.SnapshotChunk;
import io.raftkv.raft.SoftState;
import io.raftkv.raft.Status;
import io.raftkv.raft.proto.AppendEntries;
import io.raftkv.raft.proto.AppendEntriesResponse;
import io.raftkv.raft.proto.ConfChange;
import io.raftkv.raft.proto.ConfChangeSingle;
import io.raftkv.raft.proto.ConfChangeTransition;
import io.raftkv.raft.proto.ConfState;
import io.raftkv.raft.proto.Entry;
import io.raftkv.raft.proto.EntryType;
import io.raftkv.raft.proto.HardState;
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
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The golden traces' text rendering of the core's outputs. Every field printed is chosen here, one by one
 * (never a record's toString), so a field later added to Ready, Status or a message changes no trace until
 * this class decides to show it. Messages use etcd's short names so a trace reads like etcd's testdata:
 *
 * <pre>
 * RequestVote            MsgVote / MsgPreVote      term:T log:lastTerm/lastIndex
 * RequestVoteResponse    MsgVoteResp / MsgPreVoteResp (rejected)
 * AppendEntries          MsgApp term:T log:prevTerm/prevIndex commit:C [entries]
 * AppendEntriesResponse  MsgAppResp match:M | rejected:prevIndex hint:conflictTerm/conflictIndex
 * Heartbeat(Response)    MsgHeartbeat(Resp) commit:C ctx:readRound
 * TimeoutNow, ReadIndexRequest/Response, Propose, InstallSnapshot(Response)
 * </pre>
 *
 * Entries are {@code term/index Type data}; a conf change's data is decoded ({@code v4} adds voter 4,
 * {@code l4} learner 4, {@code r4} removes 4, as in etcd's scripts).
 */
final class Render {

  private Render() {}

  static String message(Message m) {
    String head = m.from() + "->" + m.to() + " ";
    return head + body(m);
  }

  /** The short name of a message's type ({@code MsgApp}), as scripts filter on it. */
  static String kind(Message m) {
    String b = body(m);
    int sp = b.indexOf(' ');
    return sp < 0 ? b : b.substring(0, sp);
  }

  private static String body(Message m) {
    if (m instanceof RequestVote v) {
      return (v.preVote() ? "MsgPreVote" : "MsgVote") + " term:" + v.term() + " log:" + v.lastLogTerm() + "/"
          + v.lastLogIndex() + (v.leadershipTransfer() ? " transfer" : "");
    }
    if (m instanceof RequestVoteResponse r) {
      return (r.preVote() ? "MsgPreVoteResp" : "MsgVoteResp") + " term:" + r.term() + (r.voteGranted() ? "" : " rejected");
    }
    if (m instanceof AppendEntries a) {
      return "MsgApp term:" + a.term() + " log:" + a.prevLogTerm() + "/" + a.prevLogIndex() + " commit:" + a.leaderCommit()
          + (a.entries().isEmpty() ? "" : " " + entries(a.entries()));
    }
    if (m instanceof AppendEntriesResponse r) {
      return "MsgAppResp term:" + r.term() + (r.success() ? " match:" + r.matchIndex()
          : " rejected:" + r.rejectedIndex() + " hint:" + r.conflictTerm() + "/" + r.conflictIndex());
    }
    if (m instanceof Heartbeat h) {
      return "MsgHeartbeat term:" + h.term() + " commit:" + h.leaderCommit() + ctx(h.readContext());
    }
    if (m instanceof HeartbeatResponse h) {
      return "MsgHeartbeatResp term:" + h.term() + ctx(h.readContext());
    }
    if (m instanceof TimeoutNow t) {
      return "MsgTimeoutNow term:" + t.term();
    }
    if (m instanceof ReadIndexRequest r) {
      return "MsgReadIndex term:" + r.term() + " req:" + r.requestId();
    }
    if (m instanceof ReadIndexResponse r) {
      return "MsgReadIndexResp term:" + r.term() + " req:" + r.requestId() + " index:" + r.readIndex()
          + (r.rejected() ? " rejected" : "");
    }
    if (m instanceof Propose p) {
      return "MsgProp term:" + p.term() + " " + proposed(p.entries());
    }
    if (m instanceof InstallSnapshot s) {
      return "MsgSnap term:" + s.term() + " snap:" + snapshot(s.metadata()) + " offset:" + s.offset() + " bytes:"
          + s.data().length + (s.done() ? " done" : "");
    }
    if (m instanceof InstallSnapshotResponse r) {
      return "MsgSnapResp term:" + r.term() + " snap-index:" + r.snapshotIndex() + " next-offset:" + r.nextOffset()
          + (r.done() ? " done" : "");
    }
    throw new IllegalArgumentException("no rendering for " + m.getClass().getSimpleName());
  }

  private static String ctx(long readContext) {
    return readContext == 0 ? "" : " ctx:" + readContext;
  }

  private static String entries(List<Entry> es) {
    return es.stream().map(Render::entry).collect(Collectors.joining(", ", "[", "]"));
  }

  /** A forwarded proposal's entries have no term or index yet: only type and data. */
  private static String proposed(List<Entry> es) {
    return es.stream().map(e -> type(e) + " " + data(e)).collect(Collectors.joining(", ", "[", "]"));
  }

  static String entry(Entry e) {
    return e.term() + "/" + e.index() + " " + type(e) + " " + data(e);
  }

  private static String type(Entry e) {
    return e.type() == EntryType.CONF_CHANGE ? "EntryConfChange" : "EntryNormal";
  }

  private static String data(Entry e) {
    if (e.type() == EntryType.CONF_CHANGE) {
      return confChange(ConfChange.fromBytes(e.data()));
    }
    byte[] d = e.data();
    boolean printable = true;
    for (byte b : d) {
      printable &= b >= 0x20 && b < 0x7f && b != '"';
    }
    if (printable) {
      return "\"" + new String(d, StandardCharsets.US_ASCII) + "\"";
    }
    StringBuilder hex = new StringBuilder("0x");
    for (byte b : d) {
      hex.append(String.format("%02x", b));
    }
    return hex.toString();
  }

  static String confChange(ConfChange cc) {
    if (cc.isLeaveJoint()) {
      return "leave-joint";
    }
    StringBuilder b = new StringBuilder();
    if (cc.transition() != ConfChangeTransition.AUTO) {
      b.append(cc.transition().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-')).append(' ');
    }
    for (ConfChangeSingle c : cc.changes()) {
      String p = switch (c.type()) {
        case ADD_NODE -> "v";
        case ADD_LEARNER -> "l";
        case REMOVE_NODE -> "r";
      };
      b.append(p).append(c.nodeId()).append(' ');
    }
    return b.toString().strip();
  }

  static String hardState(HardState hs) {
    return "HardState term:" + hs.currentTerm() + " vote:" + orNone(hs.votedFor()) + " commit:" + hs.commitIndex();
  }

  static String softState(SoftState ss) {
    return "SoftState role:" + ss.role() + " lead:" + orNone(ss.leaderId());
  }

  static String confState(ConfState cs) {
    StringBuilder b = new StringBuilder("voters=" + ids(cs.voters()));
    if (cs.isJoint()) {
      b.append("&&").append(ids(cs.votersOutgoing()));
    }
    if (!cs.learners().isEmpty()) {
      b.append(" learners=").append(ids(cs.learners()));
    }
    if (!cs.learnersNext().isEmpty()) {
      b.append(" learners_next=").append(ids(cs.learnersNext()));
    }
    if (cs.autoLeave()) {
      b.append(" autoleave");
    }
    return b.toString();
  }

  private static String ids(Set<String> ids) {
    TreeSet<String> sorted = new TreeSet<>(InteractionEnv.ID_ORDER);
    sorted.addAll(ids);
    return sorted.stream().collect(Collectors.joining(" ", "(", ")"));
  }

  private static String snapshot(SnapshotMetadata s) {
    return s.term() + "/" + s.index();
  }

  static String readState(ReadState rs) {
    return "req:" + rs.requestId() + " index:" + rs.index();
  }

  private static String orNone(String id) {
    return id == null ? "none" : id;
  }

  /** Every non-empty part of a Ready, in the order the caller must handle them (see {@link Ready}). */
  static void ready(Ready rd, Output out) {
    out.line("Ready:");
    if (rd.softState() != null) {
      out.line(softState(rd.softState()));
    }
    if (rd.hardState() != null) {
      out.line(hardState(rd.hardState()));
    }
    section(out, "SnapshotChunks:", rd.snapshotChunks(), Render::chunk);
    if (rd.snapshot() != null) {
      out.line("Snapshot " + snapshot(rd.snapshot()) + " " + confState(rd.snapshot().confState()));
    }
    section(out, "Entries:", rd.entries(), Render::entry);
    section(out, "CommittedEntries:", rd.committedEntries(), Render::entry);
    if (rd.confState() != null) {
      out.line("ConfState " + confState(rd.confState()));
    }
    section(out, "ReadStates:", rd.readStates(), Render::readState);
    section(out, "MessagesToSendNow:", rd.messagesToSendNow(), Render::message);
    section(out, "MessagesAfterPersist:", rd.messagesAfterPersist(), Render::message);
  }

  /** What a Ready taken with take-ready made durable, on one line (its messages are listed by the caller). */
  static String persisted(Ready rd) {
    StringBuilder sb = new StringBuilder();
    if (!rd.entries().isEmpty()) {
      sb.append("entries ").append(rd.entries().get(0).index()).append("..")
          .append(rd.entries().get(rd.entries().size() - 1).index()).append(' ');
    }
    if (rd.snapshot() != null) {
      sb.append("snapshot ").append(snapshot(rd.snapshot())).append(' ');
    }
    if (rd.hardState() != null) {
      sb.append(hardState(rd.hardState())).append(' ');
    }
    sb.append(rd.mustSync() ? "(synced)" : "(no sync)");
    return sb.toString();
  }

  private static String chunk(SnapshotChunk c) {
    return snapshot(c.metadata()) + " offset:" + c.offset() + " bytes:" + c.data().length + (c.done() ? " done" : "");
  }

  private static <T> void section(Output out, String title, List<T> items, java.util.function.Function<T, String> f) {
    if (items.isEmpty()) {
      return;
    }
    out.line(title);
    out.indent();
    items.forEach(i -> out.line(f.apply(i)));
    out.dedent();
  }

  /** A node's Status, with the leader's progress for every member. */
  static void status(Status s, Output out) {
    out.line(s.id() + ": " + s.role() + " term:" + s.currentTerm() + " vote:" + orNone(s.votedFor()) + " commit:"
        + s.commitIndex() + " applied:" + s.lastApplied() + " last:" + s.lastIndex() + " lead:" + orNone(s.leaderId())
        + (s.learner() ? " learner" : "") + (s.leadTransferee() == null ? "" : " transferee:" + s.leadTransferee()));
    out.indent();
    out.line(confState(s.confState()));
    Map<String, PeerStatus> sorted = new java.util.TreeMap<>(InteractionEnv.ID_ORDER);
    sorted.putAll(s.progress());
    for (PeerStatus p : sorted.values()) {
      out.line(p.id() + ": " + (p.voter() ? "voter" : "learner") + " " + p.state() + " match:" + p.matchIndex()
          + " next:" + p.nextIndex() + (p.recentActive() ? " active" : " inactive"));
    }
    out.dedent();
  }
}
