package io.raftkv.transport.codec;

import io.raftkv.raft.proto.AppendEntries;
import io.raftkv.raft.proto.Entry;
import io.raftkv.raft.proto.InstallSnapshot;
import io.raftkv.raft.proto.Message;
import io.raftkv.raft.proto.Propose;
import java.util.List;

/**
 * Cheap upper-bound estimate of a message's encoded size, used to bound outbound queues in bytes before
 * the message is encoded. Payload bytes dominate; everything else is charged a fixed allowance.
 */
public final class MessageSizes {

  /** Allowance for envelope ids, term and scalar fields. */
  static final int HEADER_ALLOWANCE = 128;

  private MessageSizes() {}

  public static long estimate(Message m) {
    if (m instanceof AppendEntries a) {
      return HEADER_ALLOWANCE + entries(a.entries());
    } else if (m instanceof Propose p) {
      return HEADER_ALLOWANCE + entries(p.entries());
    } else if (m instanceof InstallSnapshot s) {
      // Metadata carries the member ids of the configuration.
      var c = s.metadata().confState();
      int members = c.voters().size() + c.learners().size() + c.votersOutgoing().size() + c.learnersNext().size();
      return HEADER_ALLOWANCE + 64L * members + s.data().length;
    }
    return HEADER_ALLOWANCE;
  }

  private static long entries(List<Entry> entries) {
    long n = 0;
    for (Entry e : entries) {
      n += e.sizeBytes();
    }
    return n;
  }
}
