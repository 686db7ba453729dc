package io.raftkv.chaos.check;

import io.raftkv.chaos.history.Call;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Generates the "moves" the search may take at a call entry: normally just the operation itself;
 * for specs where UNKNOWN effects can be moved to their observers
 * ({@link Spec#unknownEffectsMoveToObservers()}), also the ways to first place optional UNKNOWN
 * operations that produce the tokens the operation is missing (recursively, for an UNKNOWN CAS
 * that itself needs a token), then the operation.
 *
 * <p>Why this is complete: take any linearization and move every included UNKNOWN operation to
 * just before the first operation observing its token, dropping those nobody observes; the spec's
 * promise says it stays valid, and an UNKNOWN operation has no completion time, so moving it later
 * never breaks real-time order. In the result every UNKNOWN operation sits in a block right before
 * the required operation that needs it, which is exactly a move generated here, provided its
 * invocation is before the first pending return entry (the "frontier").
 *
 * <p>Models without tokens (the bank) supply the prerequisite sets themselves
 * ({@link Spec#prerequisites}): subsets of the pending UNKNOWN operations after which the
 * operation fits.
 *
 * <p>Enumeration is bounded ({@link #MAX_DEPTH}, {@link #MAX_ALTERNATIVES}); hitting a bound sets
 * {@link #truncated()}, and the search then answers UNKNOWN rather than a possibly false
 * NOT_LINEARIZABLE.
 */
final class MoveGenerator<S> {

  /** Operations to linearize in order, and the state after the last. */
  record Move<S>(List<SearchOp> ops, S stateAfter) {}

  static final int MAX_DEPTH = 32;
  static final int MAX_ALTERNATIVES = 256;

  private final Spec<S> spec;
  private final boolean defer;
  private final boolean anyDeferred;
  private final Map<Object, List<SearchOp>> optionalProducers = new HashMap<>();
  private final WglSearch.Entry head;
  private boolean truncated;

  MoveGenerator(Spec<S> spec, List<SearchOp> ops, WglSearch.Entry head) {
    this.spec = spec;
    this.defer = spec.unknownEffectsMoveToObservers();
    this.anyDeferred = defer && ops.stream().anyMatch(op -> !op.required());
    this.head = head;
    if (defer) {
      for (SearchOp op : ops) {
        Object token = op.required() ? null : spec.produces(op.op());
        if (token != null) {
          optionalProducers.computeIfAbsent(token, t -> new ArrayList<>()).add(op);
        }
      }
    }
  }

  /** True if {@code op} is only ever placed as part of another operation's move. */
  boolean deferred(SearchOp op) {
    return defer && !op.required();
  }

  /** True if some enumeration hit a bound, so a failed search proves nothing. */
  boolean truncated() {
    return truncated;
  }

  /** The moves that linearize {@code op} next, given the already linearized operations. */
  List<Move<S>> movesFor(S state, SearchOp op, LinearizedSet linearized) {
    S next = spec.step(state, op.op());
    if (next != null) {
      return List.of(new Move<>(List.of(op), next));
    }
    if (!anyDeferred) {
      return List.of();
    }
    if (!optionalProducers.isEmpty()) {
      return viaTokens(state, op, linearized);
    }
    List<SearchOp> candidates = new ArrayList<>();
    for (WglSearch.Entry e = head.next; e != null && e.call; e = e.next) {
      if (deferred(e.op)) {
        candidates.add(e.op);
      }
    }
    if (candidates.isEmpty()) {
      return List.of();
    }
    Spec.Prerequisites custom = spec.prerequisites(state, op.op(),
        candidates.stream().map(SearchOp::op).toList());
    return custom == null ? List.of() : fromSubsets(state, op, candidates, custom);
  }

  /** Prerequisites traced by tokens: producers of what {@code op} is missing, recursively. */
  private List<Move<S>> viaTokens(S state, SearchOp op, LinearizedSet linearized) {
    if (!anyOptionalProducer(spec.missingTokens(state, op.op()))) {
      return List.of();
    }
    BitSet frontier = new BitSet();
    for (WglSearch.Entry e = head.next; e != null && e.call; e = e.next) {
      frontier.set(e.op.index());
    }
    BitSet taken = linearized.snapshot();
    taken.set(op.index());
    return placements(state, op, frontier, taken, 0);
  }

  private List<Move<S>> fromSubsets(S state, SearchOp op, List<SearchOp> candidates,
      Spec.Prerequisites prerequisites) {
    truncated |= prerequisites.truncated();
    List<Move<S>> result = new ArrayList<>();
    for (int[] subset : prerequisites.subsets()) {
      S s = state;
      List<SearchOp> seq = new ArrayList<>();
      for (int i : subset) {
        SearchOp u = candidates.get(i);
        s = s == null ? null : spec.step(s, u.op());
        seq.add(u);
      }
      S after = s == null ? null : spec.step(s, op.op());
      if (after != null) {
        seq.add(op);
        result.add(new Move<>(seq, after));
      }
    }
    return result;
  }

  private boolean anyOptionalProducer(List<Object> tokens) {
    for (Object t : tokens) {
      if (optionalProducers.containsKey(t)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Ways to place {@code op} in {@code state}: directly if it fits (prerequisites would be
   * redundant then), else after placing an eligible optional producer of each missing token.
   */
  private List<Move<S>> placements(S state, SearchOp op, BitSet frontier, BitSet taken, int depth) {
    S next = spec.step(state, op.op());
    if (next != null) {
      return List.of(new Move<>(List.of(op), next));
    }
    if (depth >= MAX_DEPTH) {
      truncated = true;
      return List.of();
    }
    List<Move<S>> partials = List.of(new Move<>(List.of(), state));
    for (Object token : spec.missingTokens(state, op.op())) {
      List<SearchOp> producers = optionalProducers.getOrDefault(token, List.of());
      List<Move<S>> extended = new ArrayList<>();
      for (Move<S> partial : partials) {
        BitSet used = (BitSet) taken.clone();
        partial.ops().forEach(o -> used.set(o.index()));
        Set<Call> tried = new HashSet<>();
        for (SearchOp u : producers) {
          // Two eligible optional operations with equal calls (e.g. deletes of the key) are
          // interchangeable from here on, since neither ever has to return: try one of them.
          if (!frontier.get(u.index()) || used.get(u.index()) || !tried.add(u.op().call())) {
            continue;
          }
          BitSet withU = (BitSet) used.clone();
          withU.set(u.index());
          for (Move<S> placed : placements(partial.stateAfter(), u, frontier, withU, depth + 1)) {
            if (extended.size() == MAX_ALTERNATIVES) {
              truncated = true;
              break;
            }
            List<SearchOp> seq = new ArrayList<>(partial.ops());
            seq.addAll(placed.ops());
            extended.add(new Move<>(seq, placed.stateAfter()));
          }
        }
      }
      if (extended.isEmpty()) {
        return List.of();
      }
      partials = extended;
    }
    List<Move<S>> result = new ArrayList<>();
    for (Move<S> partial : partials) {
      S after = spec.step(partial.stateAfter(), op.op());
      if (after != null) {
        List<SearchOp> seq = new ArrayList<>(partial.ops());
        seq.add(op);
        result.add(new Move<>(seq, after));
      }
    }
    return result;
  }
}
