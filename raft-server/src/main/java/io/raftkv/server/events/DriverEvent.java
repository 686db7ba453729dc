package io.raftkv.server.events;

import io.raftkv.raft.RaftEvent;

/**
 * What a node's {@link EventHub} publishes: the core's own {@link RaftEvent}s, and what only the runtime
 * around it sees (a snapshot the applier took).
 */
public sealed interface DriverEvent {

  /** An event the core reported (elections, step-downs, votes, role and leader changes, conf, installs). */
  record Core(RaftEvent event) implements DriverEvent {}

  /** The state machine's snapshot at {@code index} (of {@code term}) is durable and compacts the log. */
  record SnapshotTaken(long index, long term) implements DriverEvent {}
}
