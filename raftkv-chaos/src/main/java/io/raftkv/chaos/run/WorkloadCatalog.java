package io.raftkv.chaos.run;

import io.raftkv.chaos.check.BankModel;
import io.raftkv.chaos.check.Model;
import io.raftkv.chaos.check.RegisterModel;
import io.raftkv.chaos.check.SetModel;
import io.raftkv.chaos.workload.BankWorkload;
import io.raftkv.chaos.workload.RegisterWorkload;
import io.raftkv.chaos.workload.SetWorkload;
import io.raftkv.chaos.workload.WatchTap;
import io.raftkv.chaos.workload.WatchWorkload;
import io.raftkv.chaos.workload.Workload;
import java.util.List;

/**
 * Workloads by name, each with the checker model that judges its history and the server flags it
 * needs. {@link #NAMES} are the linearizability workloads the long profile rotates through;
 * {@link #WATCH} (registers plus watchers, judged by both checkers) has runs of its own.
 */
public final class WorkloadCatalog {

  public static final List<String> NAMES = List.of("register", "set", "bank");

  /** Registers, multi-key writes and watchers reconnecting under faults ({@link WatchWorkload}). */
  public static final String WATCH = "watch";

  /** Watchers per watch run. */
  public static final int WATCHERS = 4;

  private WorkloadCatalog() {}

  /** A fresh workload whose keys start with {@code prefix} (unique per run). */
  public static Workload create(String name, String prefix) {
    return switch (name) {
      case "register" -> new RegisterWorkload(prefix, 3);
      case "set" -> new SetWorkload(prefix);
      case "bank" -> new BankWorkload(prefix, 5, 100);
      case WATCH -> new WatchWorkload(prefix, WATCHERS, WatchTap.IDENTITY);
      default -> throw new IllegalArgumentException("unknown workload '" + name + "'; known: " + NAMES);
    };
  }

  /** The sequential model for {@code name}'s histories. */
  public static Model model(String name) {
    return switch (name) {
      case "register", WATCH -> new RegisterModel();
      case "set" -> new SetModel();
      case "bank" -> new BankModel(false);
      default -> throw new IllegalArgumentException("unknown workload '" + name + "'");
    };
  }

  /**
   * Server flags {@code name} needs: the watch check reads the committed history from revision 1 at the
   * end, so its servers never compact automatically: neither by retention nor by the history byte bound
   * (the quota stays on, far above what a run writes).
   */
  public static List<String> serverArgs(String name) {
    return name.equals(WATCH)
        ? List.of("--auto-compaction-retention-revisions", "0", "--auto-compaction-retention-minutes", "0",
            "--max-history-bytes", "0")
        : List.of();
  }
}
