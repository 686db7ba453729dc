package io.raftkv.chaos.history;

import io.raftkv.api.WatchResponse;
import java.util.ArrayList;
import java.util.List;

/**
 * What one watcher was handed, connection by connection: for each stream it opened, the node, the
 * {@code startRevision} it asked for, every message (events of one revision, or a bookmark) in the
 * order they arrived, and why the stream ended.
 *
 * <p>Owned by the watcher's thread, which alone calls {@link #opened}, {@link #received} and
 * {@link #ended}; {@link #connections()} is read by the checker after that thread has stopped.
 * Invariant: messages are appended only to the connection opened last, and only while it is open.
 */
public final class WatchLog {

  /**
   * One stream of one watcher.
   *
   * @param node the node it was opened on
   * @param startRevision the {@code startRevision} the watcher asked for
   * @param messages every message delivered on it, in arrival order
   * @param end why it ended ("read timeout", "no_leader", "switch", ...), empty while open
   */
  public record Connection(String node, long startRevision, List<WatchResponse> messages, String end) {
    public Connection {
      messages = List.copyOf(messages);
    }
  }

  private final String watcher;
  private final List<Connection> closed = new ArrayList<>();
  private String openNode;
  private long openStart;
  private List<WatchResponse> openMessages;

  public WatchLog(String watcher) {
    this.watcher = watcher;
  }

  public String watcher() {
    return watcher;
  }

  /** A stream was opened on {@code node} from {@code startRevision}; an open one is ended first. */
  public void opened(String node, long startRevision) {
    if (openMessages != null) {
      ended("superseded");
    }
    openNode = node;
    openStart = startRevision;
    openMessages = new ArrayList<>();
  }

  /** A message the watcher was handed on the open stream. */
  public void received(WatchResponse message) {
    if (openMessages == null) {
      throw new IllegalStateException(watcher + ": message without an open stream: " + message);
    }
    openMessages.add(message);
  }

  /** The open stream ended for {@code why}; nothing happens when none is open. */
  public void ended(String why) {
    if (openMessages == null) {
      return;
    }
    closed.add(new Connection(openNode, openStart, openMessages, why));
    openMessages = null;
  }

  /** Every stream, the open one (if any) last with an empty end. */
  public List<Connection> connections() {
    List<Connection> all = new ArrayList<>(closed);
    if (openMessages != null) {
      all.add(new Connection(openNode, openStart, openMessages, ""));
    }
    return all;
  }
}
