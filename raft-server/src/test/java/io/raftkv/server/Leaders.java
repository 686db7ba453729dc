package io.raftkv.server;


import io.raftkv.raft.StateRole;
import java.time.Duration;
import java.util.Collection;

/** Test helper: waiting for a driver to report itself leader. Stateless. */
final class Leaders {

  private Leaders() {}

  /** The id of a driver whose last Ready said it leads, awaited for up to 10 s. */
  static String await(Collection<RaftDriver> drivers) {
    String[] leader = new String[1];
    org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> {
      for (RaftDriver d : drivers) {
        if (d.softState().role() == StateRole.LEADER) {
          leader[0] = d.id();
          return true;
        }
      }
      return false;
    });
    return leader[0];
  }
}
