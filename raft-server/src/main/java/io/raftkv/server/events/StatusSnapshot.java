package io.raftkv.server.events;

import io.raftkv.raft.LogPosition;
import io.raftkv.raft.Status;
import java.util.List;
import java.util.Map;

/**
 * The node's state as the event loop saw it at {@code timeMillis}: immutable, taken on the loop thread so
 * readers on other threads never ask (or wait for) the loop. Rates are derived by readers from two
 * snapshots' counters.
 *
 * @param status the core's status (role, term, indexes, membership, progress, election timer in ticks)
 * @param log the last entries' index and term, ascending (at most {@link EventPublisher#LOG_TAIL})
 * @param lastApplied what the state machine has applied (the applier's index, at or behind the core's)
 * @param messages per peer, Raft messages sent and received since start
 * @param tickMillis the length of one tick, to turn the election timer into milliseconds
 * @param heartbeatMillis the leader's heartbeat interval
 */
public record StatusSnapshot(long timeMillis, Status status, List<LogPosition> log, long lastApplied,
    Map<String, PeerMessages> messages, long tickMillis, long heartbeatMillis) {}
