package io.raftkv.chaos.check;

import io.raftkv.chaos.history.History;
import io.raftkv.chaos.history.Operation;
import io.raftkv.chaos.history.Outcome;
import java.util.ArrayList;
import java.util.List;

/**
 * Linearizability by definition for any {@link Model} with one partition: every subset of the
 * UNKNOWN non-read operations, every order of OK plus chosen operations that respects real time
 * (strictly-before for OK operations; UNKNOWN ones never complete), replayed through the spec.
 * Shares only the sequential spec with the checker, not the search, the UNKNOWN resolution or the
 * deferral of UNKNOWN effects. Exponential: tiny histories only.
 */
final class BruteForce {

  private BruteForce() {}

  static boolean linearizable(Model model, History h) {
    List<Operation> required = new ArrayList<>();
    List<Operation> optional = new ArrayList<>();
    for (Operation op : h.operations()) {
      if (op.outcome() == Outcome.OK) {
        required.add(op);
      } else if (op.outcome() == Outcome.UNKNOWN && !op.call().isRead()) {
        optional.add(op);
      }
    }
    if (!model.invariantViolations(h.operations()).isEmpty()) {
      return false;
    }
    Spec<?> spec = model.specFor("only", h.operations());
    for (int mask = 0; mask < (1 << optional.size()); mask++) {
      List<Operation> chosen = new ArrayList<>(required);
      for (int i = 0; i < optional.size(); i++) {
        if ((mask & (1 << i)) != 0) {
          chosen.add(optional.get(i));
        }
      }
      if (search(spec, chosen)) {
        return true;
      }
    }
    return false;
  }

  private static <S> boolean search(Spec<S> spec, List<Operation> ops) {
    return extend(spec, spec.init(), ops, new ArrayList<>(), new boolean[ops.size()]);
  }

  private static <S> boolean extend(Spec<S> spec, S state, List<Operation> ops,
      List<Operation> order, boolean[] used) {
    if (order.size() == ops.size()) {
      return true;
    }
    for (int i = 0; i < ops.size(); i++) {
      if (used[i]) {
        continue;
      }
      Operation next = ops.get(i);
      boolean respectsRealTime = true;
      for (int j = 0; j < ops.size(); j++) {
        Operation other = ops.get(j);
        // Anything that completed before next was invoked must already be placed.
        if (!used[j] && j != i && other.outcome() == Outcome.OK
            && other.completeNanos() < next.invokeNanos()) {
          respectsRealTime = false;
        }
      }
      S after = respectsRealTime ? spec.step(state, next) : null;
      if (after == null) {
        continue;
      }
      used[i] = true;
      order.add(next);
      boolean found = extend(spec, after, ops, order, used);
      order.remove(order.size() - 1);
      used[i] = false;
      if (found) {
        return true;
      }
    }
    return false;
  }
}
