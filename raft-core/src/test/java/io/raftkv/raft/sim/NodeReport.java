package io.raftkv.raft.sim;

import io.raftkv.raft.Status;
import java.util.Collection;
import java.util.TreeMap;
import java.util.TreeSet;

/** Formats the state of every simulated node for failure reports (sorted, so reports are stable). */
final class NodeReport {

  private NodeReport() {}

  /** One line per node: role, term, indexes and membership. */
  static String describe(Collection<SimNode> nodes) {
    StringBuilder sb = new StringBuilder();
    for (SimNode n : nodes) {
      Status s = n.status();
      sb.append("  ").append(n.id).append(' ');
      if (s == null) {
        sb.append(n.retired() ? "retired" : "down").append(" durable ").append(n.storage.initialState().hardState())
            .append(" last ").append(n.storage.lastIndex()).append('\n');
        continue;
      }
      sb.append(s.role()).append(" term ").append(s.currentTerm()).append(" commit ").append(s.commitIndex())
          .append(" applied ").append(n.lastApplied()).append(" last ").append(s.lastIndex()).append(" leader ")
          .append(s.leaderId()).append(" voters ").append(new TreeSet<>(s.confState().voters()))
          .append(" learners ").append(new TreeSet<>(s.confState().learners()));
      if (s.confState().isJoint()) {
        sb.append(" outgoing ").append(new TreeSet<>(s.confState().votersOutgoing()));
      }
      if (!s.progress().isEmpty()) {
        sb.append(" progress ");
        new TreeMap<>(s.progress()).values().forEach(p -> sb.append(p.id()).append(':').append(p.matchIndex())
            .append('/').append(p.nextIndex()).append(p.voter() ? "" : "L").append(' '));
      }
      sb.append('\n');
    }
    return sb.toString();
  }
}
