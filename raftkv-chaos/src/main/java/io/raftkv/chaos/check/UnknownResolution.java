package io.raftkv.chaos.check;

import io.raftkv.chaos.history.Operation;
import io.raftkv.chaos.history.Outcome;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Prepares one partition's operations for the search, removing what cannot matter and pinning
 * down UNKNOWN operations where the history itself tells us they happened.
 *
 * <ul>
 *   <li>FAIL operations did not happen: dropped. UNKNOWN reads constrain nothing: dropped.
 *   <li>Pruning: an UNKNOWN operation whose produced token (written value, added element) no other
 *       remaining operation observes is dropped. Any linearization that includes it stays valid
 *       without it: the next operation after it either overwrites the state or does not depend on
 *       the token, since nothing observes it. Repeated to a fixpoint, since dropping an UNKNOWN
 *       CAS can leave the value it expected unobserved.
 *   <li>Promotion: an UNKNOWN operation that is the only producer of a token some OK operation
 *       observed must have taken effect before that observer completed. It becomes required,
 *       with the earliest such completion as its return time. Exact, because values are unique.
 *       Skipped for specs whose UNKNOWN operations the search defers to their observers
 *       ({@link Spec#unknownEffectsMoveToObservers()}): the observer pulls the producer in.
 * </ul>
 * Without these steps every UNKNOWN operation doubles the configurations the search may visit;
 * timeouts during partitions produce hundreds of them.
 */
final class UnknownResolution {

  private UnknownResolution() {}

  /** The prepared partition. */
  record Prepared(List<SearchOp> ops, int dropped, int pruned, int promoted) {}

  static <S> Prepared prepare(Spec<S> spec, List<Operation> partition) {
    List<Operation> kept = new ArrayList<>();
    int dropped = 0;
    for (Operation op : partition) {
      if (op.outcome() == Outcome.FAIL || (op.outcome() == Outcome.UNKNOWN && op.call().isRead())) {
        dropped++;
      } else {
        kept.add(op);
      }
    }

    Map<Object, Integer> observers = new HashMap<>();
    for (Operation op : kept) {
      for (Object t : spec.observes(op)) {
        observers.merge(t, 1, Integer::sum);
      }
    }
    boolean[] removed = new boolean[kept.size()];
    int pruned = 0;
    boolean changed = true;
    while (changed) {
      changed = false;
      for (int i = 0; i < kept.size(); i++) {
        Operation op = kept.get(i);
        if (removed[i] || op.outcome() != Outcome.UNKNOWN) {
          continue;
        }
        Object token = spec.produces(op);
        if (token == null) {
          continue;
        }
        List<Object> own = spec.observes(op);
        int selfObservations = (int) own.stream().filter(token::equals).count();
        if (observers.getOrDefault(token, 0) - selfObservations == 0) {
          removed[i] = true;
          pruned++;
          changed = true;
          for (Object t : own) {
            observers.merge(t, -1, Integer::sum);
          }
        }
      }
    }

    List<Operation> remaining = new ArrayList<>();
    for (int i = 0; i < kept.size(); i++) {
      if (!removed[i]) {
        remaining.add(kept.get(i));
      }
    }
    Map<Object, Integer> producers = new HashMap<>();
    for (Object t : spec.initialTokens()) {
      producers.merge(t, 1, Integer::sum);
    }
    // An UNKNOWN producer is never an OK observer, so it cannot pin itself down.
    Map<Object, Long> earliestOkObservation = new HashMap<>();
    for (Operation op : remaining) {
      Object token = spec.produces(op);
      if (token != null) {
        producers.merge(token, 1, Integer::sum);
      }
      if (op.outcome() == Outcome.OK) {
        for (Object t : spec.observes(op)) {
          earliestOkObservation.merge(t, op.completeNanos(), Math::min);
        }
      }
    }

    List<SearchOp> required = new ArrayList<>();
    List<SearchOp> optional = new ArrayList<>();
    int promoted = 0;
    for (Operation op : remaining) {
      if (op.outcome() == Outcome.OK) {
        required.add(new SearchOp(-1, op, op.invokeNanos(), op.completeNanos(), true));
        continue;
      }
      Object token = spec.produces(op);
      long bound = Long.MAX_VALUE;
      // With deferral the observers pull the producer in anyway, and a finite return time would
      // only make the search try it at every point of a window that can be very long.
      if (token != null && producers.getOrDefault(token, 0) == 1
          && !spec.unknownEffectsMoveToObservers()) {
        bound = earliestOkObservation.getOrDefault(token, Long.MAX_VALUE);
      }
      if (bound != Long.MAX_VALUE && bound >= op.invokeNanos()) {
        required.add(new SearchOp(-1, op, op.invokeNanos(), bound, true));
        promoted++;
      } else {
        optional.add(new SearchOp(-1, op, op.invokeNanos(), Long.MAX_VALUE, false));
      }
    }
    // Index required operations first, in invocation order, then optional ones: LinearizedSet
    // relies on it for compact memo keys.
    Comparator<SearchOp> byCall = Comparator.comparingLong(SearchOp::callNanos)
        .thenComparingLong(o -> o.op().id());
    required.sort(byCall);
    optional.sort(byCall);
    List<SearchOp> ops = new ArrayList<>(remaining.size());
    for (SearchOp o : required) {
      ops.add(new SearchOp(ops.size(), o.op(), o.callNanos(), o.returnNanos(), true));
    }
    for (SearchOp o : optional) {
      ops.add(new SearchOp(ops.size(), o.op(), o.callNanos(), o.returnNanos(), false));
    }
    return new Prepared(ops, dropped, pruned, promoted);
  }
}
