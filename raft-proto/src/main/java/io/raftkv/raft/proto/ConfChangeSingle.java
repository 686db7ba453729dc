package io.raftkv.raft.proto;

import java.util.Objects;

/** One member added, demoted or removed by a {@link ConfChange}. */
public record ConfChangeSingle(ConfChangeType type, String nodeId) {
  public ConfChangeSingle {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(nodeId, "nodeId");
  }
}
