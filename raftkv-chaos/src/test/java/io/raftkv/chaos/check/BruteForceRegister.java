package io.raftkv.chaos.check;

import io.raftkv.chaos.history.Call;
import io.raftkv.chaos.history.History;
import io.raftkv.chaos.history.Operation;
import io.raftkv.chaos.history.Outcome;
import io.raftkv.chaos.history.Reply;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The definition of linearizability, executed literally for one register key: try every subset
 * of the UNKNOWN writes/CAS/deletes and every order of the chosen operations, keep the orders that
 * respect real time (an OK operation that completed strictly before another was invoked comes
 * first; an UNKNOWN one never completed) and replay on a register. Exponential; only for tiny
 * histories, as an oracle for the real checker.
 */
final class BruteForceRegister {

  private BruteForceRegister() {}

  static boolean linearizable(History h) {
    List<Operation> required = new ArrayList<>();
    List<Operation> optional = new ArrayList<>();
    for (Operation op : h.operations()) {
      if (op.outcome() == Outcome.OK) {
        required.add(op);
      } else if (op.outcome() == Outcome.UNKNOWN && !op.call().isRead()) {
        optional.add(op);
      }
    }
    for (int mask = 0; mask < (1 << optional.size()); mask++) {
      List<Operation> chosen = new ArrayList<>(required);
      for (int i = 0; i < optional.size(); i++) {
        if ((mask & (1 << i)) != 0) {
          chosen.add(optional.get(i));
        }
      }
      if (permute(chosen, new ArrayList<>(), new boolean[chosen.size()])) {
        return true;
      }
    }
    return false;
  }

  private static boolean permute(List<Operation> ops, List<Operation> order, boolean[] used) {
    if (order.size() == ops.size()) {
      return replays(order);
    }
    for (int i = 0; i < ops.size(); i++) {
      if (used[i]) {
        continue;
      }
      Operation next = ops.get(i);
      boolean respectsRealTime = true;
      for (Operation placed : order) {
        if (next.outcome() == Outcome.OK && next.completeNanos() < placed.invokeNanos()) {
          respectsRealTime = false;
        }
      }
      if (!respectsRealTime) {
        continue;
      }
      used[i] = true;
      order.add(next);
      boolean found = permute(ops, order, used);
      order.remove(order.size() - 1);
      used[i] = false;
      if (found) {
        return true;
      }
    }
    return false;
  }

  private static boolean replays(List<Operation> order) {
    String value = null;
    for (Operation op : order) {
      Call c = op.call();
      if (c instanceof Call.Read) {
        if (!Objects.equals(((Reply.Value) op.reply()).value(), value)) {
          return false;
        }
      } else if (c instanceof Call.Write w) {
        value = w.value();
      } else if (c instanceof Call.Delete) {
        value = null;
      } else if (c instanceof Call.Cas cas) {
        if (!Objects.equals(cas.expected(), value)) {
          return false;
        }
        value = cas.value();
      }
    }
    return true;
  }
}
