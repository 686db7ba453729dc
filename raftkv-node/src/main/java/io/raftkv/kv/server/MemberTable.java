package io.raftkv.kv.server;

import io.raftkv.raft.proto.ConfChange;
import io.raftkv.raft.proto.ConfChangeSingle;
import io.raftkv.raft.proto.ConfChangeType;
import java.util.Collections;
import java.util.Map;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The replicated member table: every member's addresses, plus {@code configIndex}, the log index of the
 * conf change that produced the current configuration (the ETag of {@code GET /v1/members}). Immutable;
 * {@link KvReplica} is its only writer and derives each new table from committed entries alone, so every
 * replica holds the same table at the same applied index.
 *
 * <p>Roles (voter or learner) are not kept here: Raft's configuration is their one owner. A member
 * admitted by a conf change without context (the bootstrap configuration) has empty addresses until its
 * {@link MemberAnnouncement} is applied.
 *
 * <p>{@code autoPromote} holds the learners added with {@code ?autoPromote=true} and not yet promoted or
 * removed: replicated, so whichever node leads after a failover carries the promotion out.
 *
 * <p>Invariant: keys equal the values' ids; autoPromote is a subset of the keys; configIndex only grows
 * along the log.
 */
record MemberTable(long configIndex, SortedMap<String, MemberAddress> members, SortedSet<String> autoPromote) {

  static final MemberTable EMPTY = new MemberTable(0, new TreeMap<>());

  MemberTable {
    members = Collections.unmodifiableSortedMap(new TreeMap<>(members));
    TreeSet<String> promote = new TreeSet<>(autoPromote);
    promote.retainAll(members.keySet());
    autoPromote = Collections.unmodifiableSortedSet(promote);
  }

  MemberTable(long configIndex, SortedMap<String, MemberAddress> members) {
    this(configIndex, members, new TreeSet<>());
  }

  /** The table after the conf change committed at {@code index}. */
  MemberTable withConfChange(long index, ConfChange cc) {
    TreeMap<String, MemberAddress> next = new TreeMap<>(members);
    TreeSet<String> promote = new TreeSet<>(autoPromote);
    for (ConfChangeSingle c : cc.changes()) {
      // Any change to a member settles its pending promotion; only an ADD_LEARNER asking for it sets it.
      promote.remove(c.nodeId());
      if (c.type() == ConfChangeType.REMOVE_NODE) {
        next.remove(c.nodeId());
      } else if (c.hasContext()) {
        next.put(c.nodeId(), decodeOrKeep(c, next.get(c.nodeId())));
        if (c.type() == ConfChangeType.ADD_LEARNER && promotes(c)) {
          promote.add(c.nodeId());
        }
      } else {
        next.putIfAbsent(c.nodeId(), MemberAddress.unknown(c.nodeId()));
      }
    }
    return new MemberTable(index, next, promote);
  }

  /** The table after a member's announcement; announcements for ids not in the table change nothing. */
  MemberTable withAnnouncement(MemberAddress m) {
    if (!members.containsKey(m.id()) || members.get(m.id()).equals(m)) {
      return this;
    }
    TreeMap<String, MemberAddress> next = new TreeMap<>(members);
    next.put(m.id(), m);
    return new MemberTable(configIndex, next, autoPromote);
  }

  MemberAddress get(String id) {
    return members.get(id);
  }

  /** Member ids to their peer addresses, without {@code self} and members whose address is unknown. */
  Map<String, java.net.InetSocketAddress> peersOf(String self) {
    Map<String, java.net.InetSocketAddress> out = new TreeMap<>();
    members.forEach((id, m) -> {
      if (!id.equals(self) && m.socketAddress() != null) {
        out.put(id, m.socketAddress());
      }
    });
    return out;
  }

  private static boolean promotes(ConfChangeSingle c) {
    try {
      return MemberAddress.promotesWhenCaughtUp(c.nodeId(), c.context());
    } catch (IllegalArgumentException malformed) {
      return false; // deterministic on every replica, like decodeOrKeep
    }
  }

  private static MemberAddress decodeOrKeep(ConfChangeSingle c, MemberAddress current) {
    try {
      return MemberAddress.fromContext(c.nodeId(), c.context());
    } catch (IllegalArgumentException malformed) {
      // Deterministic on every replica: a context this build cannot read leaves what was known.
      return current != null ? current : MemberAddress.unknown(c.nodeId());
    }
  }
}
