package io.raftkv.server.transport;

import io.raftkv.raft.proto.Message;

/**
 * Receives what a {@link Transport} has to say to the local node.
 *
 * <p>Both methods are called on the transport's I/O threads, possibly concurrently from several of them.
 * Implementations must only enqueue the event for the node's own event loop (STYLE §b.10) and return;
 * blocking here stalls the network for every peer sharing that thread.
 */
public interface InboundHandler {

  /** A message addressed to this node arrived from a known member of this cluster. */
  void onMessage(Message m);

  /**
   * A message to {@code peerId} was dropped because the peer could not be reached. Reports are coalesced:
   * one report may stand for many dropped messages.
   */
  void onUnreachable(String peerId);
}
