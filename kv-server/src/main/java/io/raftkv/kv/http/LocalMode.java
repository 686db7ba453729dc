package io.raftkv.kv.http;

import java.util.Objects;

/**
 * What a node started by {@code raftkv local} adds to its HTTP API: {@code /ui/config.json} names the
 * launcher's control URL (so the dashboard shows its buttons) and {@code POST /v1/local/isolation} flips
 * the node's {@link Isolation} switch. A node without a {@code LocalMode} has neither (404, and
 * {@code "localControl": null}): the controls are absent, not hidden.
 *
 * @param controlUrl the launcher's control API, e.g. {@code http://127.0.0.1:8080}
 * @param isolation the switch that cuts this node's Raft traffic
 */
public record LocalMode(String controlUrl, Isolation isolation) {

  /** The node's "network cable": while isolated, its peer transport drops every Raft message. */
  public interface Isolation {
    boolean isolated();

    void setIsolated(boolean on);
  }

  public LocalMode {
    Objects.requireNonNull(controlUrl, "controlUrl");
    Objects.requireNonNull(isolation, "isolation");
  }
}
