package io.raftkv.chaos.run;

import io.raftkv.chaos.check.BankModel;
import io.raftkv.chaos.check.Model;
import io.raftkv.chaos.check.RegisterModel;
import io.raftkv.chaos.check.SetModel;
import io.raftkv.chaos.workload.BankWorkload;
import io.raftkv.chaos.workload.RegisterWorkload;
import io.raftkv.chaos.workload.SetWorkload;
import io.raftkv.chaos.workload.Workload;
import java.util.List;

/** Workloads by name, each with the checker model that judges its history. */
public final class WorkloadCatalog {

  public static final List<String> NAMES = List.of("register", "set", "bank");

  private WorkloadCatalog() {}

  /** A fresh workload whose keys start with {@code prefix} (unique per run). */
  public static Workload create(String name, String prefix) {
    return switch (name) {
      case "register" -> new RegisterWorkload(prefix, 3);
      case "set" -> new SetWorkload(prefix);
      case "bank" -> new BankWorkload(prefix, 5, 100);
      default -> throw new IllegalArgumentException("unknown workload '" + name + "'; known: " + NAMES);
    };
  }

  /** The sequential model for {@code name}'s histories. */
  public static Model model(String name) {
    return switch (name) {
      case "register" -> new RegisterModel();
      case "set" -> new SetModel();
      case "bank" -> new BankModel(false);
      default -> throw new IllegalArgumentException("unknown workload '" + name + "'");
    };
  }
}
