package io.raftkv.raft.proto;

import java.util.Arrays;
import java.util.Objects;

/**
 * One member added, demoted or removed by a {@link ConfChange}.
 *
 * <p>{@code context} is opaque to Raft (etcd's {@code ConfChange.Context}): the node layer puts the
 * member's addresses there, so they are replicated with the change that admits the member and every
 * replica learns them from the log. Raft never reads it. Invariant: never null (empty when absent); the
 * array is copied in and out, so the record is immutable.
 */
public record ConfChangeSingle(ConfChangeType type, String nodeId, byte[] context) {

  private static final byte[] NONE = new byte[0];

  public ConfChangeSingle {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(nodeId, "nodeId");
    context = context == null || context.length == 0 ? NONE : context.clone();
  }

  public ConfChangeSingle(ConfChangeType type, String nodeId) {
    this(type, nodeId, NONE);
  }

  @Override
  public byte[] context() {
    return context.length == 0 ? NONE : context.clone();
  }

  public boolean hasContext() {
    return context.length > 0;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ConfChangeSingle c && type == c.type && nodeId.equals(c.nodeId)
        && Arrays.equals(context, c.context);
  }

  @Override
  public int hashCode() {
    return Objects.hash(type, nodeId, Arrays.hashCode(context));
  }

  @Override
  public String toString() {
    return "ConfChangeSingle[type=" + type + ", nodeId=" + nodeId
        + (context.length == 0 ? "" : ", context=" + context.length + " bytes") + "]";
  }
}
