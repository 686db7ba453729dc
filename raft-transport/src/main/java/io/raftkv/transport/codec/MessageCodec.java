package io.raftkv.transport.codec;

import io.raftkv.raft.proto.AppendEntries;
import io.raftkv.raft.proto.AppendEntriesResponse;
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
import io.raftkv.raft.proto.TimeoutNow;
import io.raftkv.transport.codec.pb.Envelope;

/**
 * Converts {@link Message} records to and from the wire {@link Envelope} (schema:
 * {@code raft_transport.proto}).
 *
 * <p>The fields every message shares ({@code from}, {@code to}, {@code term}) travel in the envelope, next
 * to the cluster id; the body holds the rest of the record. The mapping is total and lossless:
 * {@code fromEnvelope(toEnvelope(c, m))} equals {@code m} for every record, negative longs included
 * (uint64 carries the two's-complement bits). Leaf types (entries, metadata) live in {@link WireTypes}.
 *
 * <p>Stateless and thread-safe.
 */
public final class MessageCodec {

  private MessageCodec() {}

  /** Wraps {@code m} for the wire; payload byte arrays are wrapped, not copied. */
  public static Envelope toEnvelope(String clusterId, Message m) {
    Envelope.Builder b = Envelope.newBuilder()
        .setClusterId(clusterId)
        .setSenderId(m.from())
        .setRecipientId(m.to())
        .setTerm(m.term());
    if (m instanceof RequestVote r) {
      b.setRequestVote(io.raftkv.transport.codec.pb.RequestVote.newBuilder()
          .setLastLogIndex(r.lastLogIndex())
          .setLastLogTerm(r.lastLogTerm())
          .setPreVote(r.preVote())
          .setLeadershipTransfer(r.leadershipTransfer()));
    } else if (m instanceof RequestVoteResponse r) {
      b.setRequestVoteResponse(io.raftkv.transport.codec.pb.RequestVoteResponse.newBuilder()
          .setVoteGranted(r.voteGranted())
          .setPreVote(r.preVote()));
    } else if (m instanceof AppendEntries a) {
      io.raftkv.transport.codec.pb.AppendEntries.Builder ab = io.raftkv.transport.codec.pb.AppendEntries.newBuilder()
          .setPrevLogIndex(a.prevLogIndex())
          .setPrevLogTerm(a.prevLogTerm())
          .setLeaderCommit(a.leaderCommit());
      a.entries().forEach(e -> ab.addEntries(WireTypes.toWire(e)));
      b.setAppendEntries(ab);
    } else if (m instanceof AppendEntriesResponse r) {
      b.setAppendEntriesResponse(io.raftkv.transport.codec.pb.AppendEntriesResponse.newBuilder()
          .setSuccess(r.success())
          .setMatchIndex(r.matchIndex())
          .setRejectedIndex(r.rejectedIndex())
          .setConflictTerm(r.conflictTerm())
          .setConflictIndex(r.conflictIndex()));
    } else if (m instanceof Heartbeat h) {
      b.setHeartbeat(io.raftkv.transport.codec.pb.Heartbeat.newBuilder()
          .setLeaderCommit(h.leaderCommit())
          .setReadContext(h.readContext()));
    } else if (m instanceof HeartbeatResponse r) {
      b.setHeartbeatResponse(io.raftkv.transport.codec.pb.HeartbeatResponse.newBuilder()
          .setReadContext(r.readContext()));
    } else if (m instanceof InstallSnapshot s) {
      b.setInstallSnapshot(io.raftkv.transport.codec.pb.InstallSnapshot.newBuilder()
          .setMetadata(WireTypes.toWire(s.metadata()))
          .setOffset(s.offset())
          .setData(WireTypes.wrap(s.data()))
          .setDone(s.done()));
    } else if (m instanceof InstallSnapshotResponse r) {
      b.setInstallSnapshotResponse(io.raftkv.transport.codec.pb.InstallSnapshotResponse.newBuilder()
          .setSnapshotIndex(r.snapshotIndex())
          .setNextOffset(r.nextOffset())
          .setDone(r.done()));
    } else if (m instanceof TimeoutNow) {
      b.setTimeoutNow(io.raftkv.transport.codec.pb.TimeoutNow.getDefaultInstance());
    } else if (m instanceof ReadIndexRequest r) {
      b.setReadIndexRequest(io.raftkv.transport.codec.pb.ReadIndexRequest.newBuilder()
          .setRequestId(r.requestId()));
    } else if (m instanceof ReadIndexResponse r) {
      b.setReadIndexResponse(io.raftkv.transport.codec.pb.ReadIndexResponse.newBuilder()
          .setRequestId(r.requestId())
          .setReadIndex(r.readIndex())
          .setRejected(r.rejected()));
    } else if (m instanceof Propose p) {
      io.raftkv.transport.codec.pb.Propose.Builder pb = io.raftkv.transport.codec.pb.Propose.newBuilder();
      p.entries().forEach(e -> pb.addEntries(WireTypes.toWire(e)));
      b.setPropose(pb);
    } else {
      // Unreachable while Message stays sealed; a new record must get a body here and in the schema.
      throw new IllegalArgumentException("no wire mapping for " + m.getClass().getName());
    }
    return b.build();
  }

  /**
   * Rebuilds the record carried by {@code env}. The caller has already checked the envelope's cluster
   * and sender ids.
   *
   * @throws CodecException if the envelope has no body or holds values no record can take
   */
  public static Message fromEnvelope(Envelope env) throws CodecException {
    String from = env.getSenderId();
    String to = env.getRecipientId();
    long term = env.getTerm();
    switch (env.getBodyCase()) {
      case REQUEST_VOTE: {
        var r = env.getRequestVote();
        return new RequestVote(from, to, term, r.getLastLogIndex(), r.getLastLogTerm(), r.getPreVote(),
            r.getLeadershipTransfer());
      }
      case REQUEST_VOTE_RESPONSE: {
        var r = env.getRequestVoteResponse();
        return new RequestVoteResponse(from, to, term, r.getVoteGranted(), r.getPreVote());
      }
      case APPEND_ENTRIES: {
        var a = env.getAppendEntries();
        return new AppendEntries(from, to, term, a.getPrevLogIndex(), a.getPrevLogTerm(),
            WireTypes.fromWire(a.getEntriesList()), a.getLeaderCommit());
      }
      case APPEND_ENTRIES_RESPONSE: {
        var r = env.getAppendEntriesResponse();
        return new AppendEntriesResponse(from, to, term, r.getSuccess(), r.getMatchIndex(), r.getRejectedIndex(),
            r.getConflictTerm(), r.getConflictIndex());
      }
      case HEARTBEAT: {
        var h = env.getHeartbeat();
        return new Heartbeat(from, to, term, h.getLeaderCommit(), h.getReadContext());
      }
      case HEARTBEAT_RESPONSE:
        return new HeartbeatResponse(from, to, term, env.getHeartbeatResponse().getReadContext());
      case INSTALL_SNAPSHOT: {
        var s = env.getInstallSnapshot();
        if (!s.hasMetadata()) {
          throw new CodecException("InstallSnapshot without metadata");
        }
        return new InstallSnapshot(from, to, term, WireTypes.fromWire(s.getMetadata()), s.getOffset(),
            s.getData().toByteArray(), s.getDone());
      }
      case INSTALL_SNAPSHOT_RESPONSE: {
        var r = env.getInstallSnapshotResponse();
        return new InstallSnapshotResponse(from, to, term, r.getSnapshotIndex(), r.getNextOffset(), r.getDone());
      }
      case TIMEOUT_NOW:
        return new TimeoutNow(from, to, term);
      case READ_INDEX_REQUEST:
        return new ReadIndexRequest(from, to, term, env.getReadIndexRequest().getRequestId());
      case READ_INDEX_RESPONSE: {
        var r = env.getReadIndexResponse();
        return new ReadIndexResponse(from, to, term, r.getRequestId(), r.getReadIndex(), r.getRejected());
      }
      case PROPOSE:
        return new Propose(from, to, term, WireTypes.fromWire(env.getPropose().getEntriesList()));
      case BODY_NOT_SET:
      default:
        // An unknown field number (a newer peer) parses as BODY_NOT_SET: reject rather than guess.
        throw new CodecException("envelope from " + from + " has no known body");
    }
  }
}
