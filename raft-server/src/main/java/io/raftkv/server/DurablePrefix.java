package io.raftkv.server;

import io.raftkv.raft.Ready;
import io.raftkv.raft.proto.Entry;
import java.util.List;

/**
 * Which committed entries of a Ready the applier may take before the Ready persists (issue #10, the rule
 * on {@link Ready}'s Javadoc): a committed entry that is already durable in the local log depends on no
 * fsync in flight, as in etcd, which hands out committed entries that are already stable together with
 * new writes. With several Readies in flight, also the order matters: entries reach the applier in log
 * order, so while an earlier Ready in flight holds back committed entries, a later one holds back all of
 * its own ({@link #committedEntries(Ready, long, Iterable)}). Stateless.
 */
final class DurablePrefix {

  private DurablePrefix() {}

  /**
   * How many of {@code rd}'s committed entries are durable in their committed form before {@code rd}
   * persists: those at or below {@code durableLast} (the last index earlier Readies made durable) and
   * below {@code rd}'s first entry, which may rewrite them; none if {@code rd} installs a snapshot. If
   * membership changed, all or none, so that the applier never records a membership (for its snapshots)
   * that does not match its applied index.
   */
  static int committedEntries(Ready rd, long durableLast) {
    return committedEntries(rd, durableLast, List.of());
  }

  /**
   * As {@link #committedEntries(Ready, long)} while {@code inFlight} (earlier Readies not yet durable,
   * with how many of their committed entries went to the applier early) are still being written: none if
   * one of them held back some, else only entries below the first entry any of them writes (which may
   * rewrite what is durable at {@code durableLast}).
   */
  static int committedEntries(Ready rd, long durableLast, Iterable<InFlight> inFlight) {
    long upTo = durableLast;
    for (InFlight f : inFlight) {
      if (f.early() < f.ready().committedEntries().size()) {
        return 0;
      }
      if (!f.ready().entries().isEmpty()) {
        upTo = Math.min(upTo, f.ready().entries().get(0).index() - 1);
      }
    }
    return prefix(rd, upTo);
  }

  /** A Ready handed to the Persister and not yet durable; its first {@code early} committed entries were applied. */
  record InFlight(Ready ready, int early) {}

  private static int prefix(Ready rd, long durableLast) {
    List<Entry> committed = rd.committedEntries();
    if (rd.snapshot() != null || committed.isEmpty()) {
      return 0;
    }
    long upTo = rd.entries().isEmpty() ? durableLast : Math.min(durableLast, rd.entries().get(0).index() - 1);
    int n = 0;
    while (n < committed.size() && committed.get(n).index() <= upTo) {
      n++;
    }
    return n == committed.size() || rd.confState() == null ? n : 0;
  }
}
