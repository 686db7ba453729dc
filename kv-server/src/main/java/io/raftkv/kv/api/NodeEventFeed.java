package io.raftkv.kv.api;

import io.raftkv.api.NodeEvent;

/**
 * A node's live events for {@code GET /v1/events} (the dashboard): what the HTTP layer needs to stream them,
 * without knowing Raft. raftkv-node implements it over the Raft driver's event hub.
 *
 * <p>Threads: {@link #open} from a network thread; each {@link Viewer}'s methods from one network thread at
 * a time. Nothing here may block: the node publishes without waiting for viewers, and a viewer reads what is
 * there.
 */
public interface NodeEventFeed {

  /** An event with its number in the node's event sequence (the SSE {@code id:}). */
  record Item(long id, NodeEvent event) {}

  /** The first message of every stream. */
  NodeEvent.Hello hello();

  /** The next number of the node's event sequence, for messages the stream makes itself. */
  long nextId();

  /**
   * Opens a viewer with a bounded queue of unread events (the feed's capacity; the oldest are dropped
   * beyond it). {@code wake} is called, without blocking, whenever an event was queued.
   */
  Viewer open(Runnable wake);

  /** One viewer's queue of events and its view of the node's status. */
  interface Viewer extends AutoCloseable {

    /** The oldest unread event, or null. */
    Item poll();

    /** Events dropped since the last call (reported to the client before its next event). */
    long takeDropped();

    /**
     * The node's status now, with rates since this viewer's previous call; null while the node has not
     * taken its first status snapshot.
     */
    NodeEvent.Status status();

    /** Leaves the feed. Idempotent. */
    @Override
    void close();
  }
}
