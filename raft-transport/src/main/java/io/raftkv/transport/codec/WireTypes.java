package io.raftkv.transport.codec;

import com.google.protobuf.ByteString;
import com.google.protobuf.UnsafeByteOperations;
import io.raftkv.raft.proto.ConfState;
import io.raftkv.raft.proto.Entry;
import io.raftkv.raft.proto.EntryType;
import io.raftkv.raft.proto.SnapshotMetadata;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Wire mapping of the leaf records shared by several messages: {@link Entry}, {@link SnapshotMetadata},
 * {@link ConfState}.
 *
 * <p>Sets are written sorted so one record always encodes to the same bytes. Payloads are wrapped
 * without copying on the way out ({@link Entry}'s contract: callers never mutate a handed-over payload)
 * and copied once on the way in, so a decoded record never aliases a network buffer.
 */
final class WireTypes {

  private WireTypes() {}

  static ByteString wrap(byte[] data) {
    return data.length == 0 ? ByteString.EMPTY : UnsafeByteOperations.unsafeWrap(data);
  }

  static io.raftkv.transport.codec.pb.Entry toWire(Entry e) {
    return io.raftkv.transport.codec.pb.Entry.newBuilder()
        .setTerm(e.term())
        .setIndex(e.index())
        .setType(toWire(e.type()))
        .setData(wrap(e.data()))
        .build();
  }

  static List<Entry> fromWire(List<io.raftkv.transport.codec.pb.Entry> wire) throws CodecException {
    List<Entry> out = new ArrayList<>(wire.size());
    for (io.raftkv.transport.codec.pb.Entry e : wire) {
      out.add(new Entry(e.getTerm(), e.getIndex(), fromWire(e.getType()), e.getData().toByteArray()));
    }
    return out;
  }

  private static io.raftkv.transport.codec.pb.EntryType toWire(EntryType t) {
    return switch (t) {
      case NORMAL -> io.raftkv.transport.codec.pb.EntryType.ENTRY_TYPE_NORMAL;
      case CONF_CHANGE -> io.raftkv.transport.codec.pb.EntryType.ENTRY_TYPE_CONF_CHANGE;
    };
  }

  private static EntryType fromWire(io.raftkv.transport.codec.pb.EntryType t) throws CodecException {
    switch (t) {
      case ENTRY_TYPE_NORMAL:
        return EntryType.NORMAL;
      case ENTRY_TYPE_CONF_CHANGE:
        return EntryType.CONF_CHANGE;
      default:
        // UNRECOGNIZED: an entry type this node does not know must not be applied as something else.
        throw new CodecException("unknown entry type " + t);
    }
  }

  static io.raftkv.transport.codec.pb.SnapshotMetadata toWire(SnapshotMetadata m) {
    return io.raftkv.transport.codec.pb.SnapshotMetadata.newBuilder()
        .setIndex(m.index())
        .setTerm(m.term())
        .setConfState(toWire(m.confState()))
        .setSizeBytes(m.sizeBytes())
        .build();
  }

  static SnapshotMetadata fromWire(io.raftkv.transport.codec.pb.SnapshotMetadata m) throws CodecException {
    if (!m.hasConfState()) {
      throw new CodecException("SnapshotMetadata without conf_state");
    }
    return new SnapshotMetadata(m.getIndex(), m.getTerm(), fromWire(m.getConfState()), m.getSizeBytes());
  }

  static io.raftkv.transport.codec.pb.ConfState toWire(ConfState c) {
    return io.raftkv.transport.codec.pb.ConfState.newBuilder()
        .addAllVoters(new TreeSet<>(c.voters()))
        .addAllLearners(new TreeSet<>(c.learners()))
        .addAllVotersOutgoing(new TreeSet<>(c.votersOutgoing()))
        .addAllLearnersNext(new TreeSet<>(c.learnersNext()))
        .setAutoLeave(c.autoLeave())
        .build();
  }

  static ConfState fromWire(io.raftkv.transport.codec.pb.ConfState c) throws CodecException {
    return new ConfState(toSet("voters", c.getVotersList()), toSet("learners", c.getLearnersList()),
        toSet("voters_outgoing", c.getVotersOutgoingList()), toSet("learners_next", c.getLearnersNextList()),
        c.getAutoLeave());
  }

  private static Set<String> toSet(String field, List<String> ids) throws CodecException {
    Set<String> set = new HashSet<>(ids);
    if (set.size() != ids.size()) {
      // A duplicated member would silently shrink a quorum's denominator; refuse it.
      throw new CodecException("duplicate node id in ConfState." + field);
    }
    return set;
  }
}
