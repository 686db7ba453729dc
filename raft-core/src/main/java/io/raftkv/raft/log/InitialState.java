package io.raftkv.raft.log;

import io.raftkv.raft.proto.ConfState;
import io.raftkv.raft.proto.HardState;

/**
 * What a node recovers from storage at start: its hard state and the membership recorded with its
 * latest snapshot (or at bootstrap). The core replays CONF_CHANGE entries after the snapshot up to
 * commitIndex to reach the current membership.
 */
public record InitialState(HardState hardState, ConfState confState) {}
