package io.raftkv.chaos.nemesis;

import io.raftkv.chaos.cluster.LabCluster;
import java.util.random.RandomGenerator;

/**
 * One kind of fault. {@link #inject} starts a fault on a running cluster and returns a description
 * of exactly what it did; {@link #heal} undoes it. The {@link NemesisSchedule} alternates the two.
 *
 * <p>Invariant: after {@code heal} returns, every node this nemesis touched runs, is not stopped,
 * and has an empty firewall.
 */
public interface Nemesis {

  /** A short stable name for reports, e.g. {@code kill-leader}. */
  String name();

  /** Starts the fault; returns what was done (e.g. "SIGKILL n2 (leader)"). */
  String inject(LabCluster cluster, RandomGenerator random);

  /** Ends the fault started by the last {@link #inject}. */
  void heal(LabCluster cluster);

  /** Membership changes this nemesis completed (confirmed by the leader) so far; 0 for other faults. */
  default long membershipChanges() {
    return 0;
  }
}
