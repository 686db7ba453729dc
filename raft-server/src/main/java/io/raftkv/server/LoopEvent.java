package io.raftkv.server;

import io.raftkv.raft.Ready;
import io.raftkv.raft.Status;
import io.raftkv.raft.proto.ConfChange;
import io.raftkv.raft.proto.Message;
import java.util.concurrent.CompletableFuture;

/**
 * The inputs of {@link RaftDriver}'s event loop: every thread that wants something of the Raft node
 * (network, client, persister, applier, snapshotter) enqueues one of these, and only the loop thread
 * acts on them, so the node itself needs no locks. Immutable messages; they own nothing.
 */
sealed interface LoopEvent {

  record Inbound(Message message) implements LoopEvent {}

  record Unreachable(String peer) implements LoopEvent {}

  record Propose(byte[] data, CompletableFuture<Void> accepted) implements LoopEvent {}

  record ProposeConf(ConfChange change, CompletableFuture<Void> accepted) implements LoopEvent {}

  record Read(CompletableFuture<Long> confirmed) implements LoopEvent {}

  /** {@code ready} is durable; its first {@code appliedEarly} committed entries went to the applier already. */
  record Persisted(Ready ready, int appliedEarly) implements LoopEvent {}

  record Applied(long index) implements LoopEvent {}

  record Transfer(String transferee) implements LoopEvent {}

  record StatusQuery(CompletableFuture<Status> result) implements LoopEvent {}

  record SnapshotTaken(io.raftkv.raft.proto.SnapshotMetadata metadata) implements LoopEvent {}

  record Stop() implements LoopEvent {}
}
