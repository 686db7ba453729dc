package io.raftkv.chaos.check;

import io.raftkv.chaos.history.Operation;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Wing–Gong linearizability search with Lowe's memoization, for one partition.
 *
 * <p>The history is a doubly linked list of call and return entries in time order (a call sorts
 * before a return at the same instant, so touching operations count as concurrent: never a false
 * alarm). The search walks the list from the head. At a call entry it tries to linearize that
 * operation now: if the spec accepts it and the pair (set of linearized operations, resulting
 * state) has not been seen before, the operation's entries are unlinked, the choice is pushed on a
 * stack and the walk restarts from the head. At a return entry, the operation it belongs to was
 * not linearized before its completion, so the last choice is undone (entries relinked in reverse
 * order, dancing-links style) and the walk resumes after it. Success when no return entry is left.
 *
 * <p>UNKNOWN operations that are not required have only a call entry: they may be linearized at
 * any point after their invocation or never ("completion at +infinity, may be left out"). When the
 * spec allows it ({@link Spec#unknownEffectsMoveToObservers()}), they are not tried on their own
 * but only as prerequisites of an operation that needs their token ({@link MoveGenerator}): a
 * "move" is then a short sequence of optional operations followed by one required operation,
 * linearized as one step.
 *
 * <p>The memo makes the search visit each (linearized set, state) at most once; if that fails, the
 * deepest point reached (longest linearized prefix) is the violation that is reported.
 *
 * @param <S> the spec's state type
 */
final class WglSearch<S> {

  /** A list node; the return entry of a required op is {@code match} of its call entry. */
  static final class Entry {
    final SearchOp op;
    final boolean call;
    final long time;
    Entry prev;
    Entry next;
    Entry match;

    Entry(SearchOp op, boolean call, long time) {
      this.op = op;
      this.call = call;
      this.time = time;
    }
  }

  /** One choice on the stack: which alternative move was taken at {@code at}. */
  private record Frame<S>(Entry at, S stateBefore, List<MoveGenerator.Move<S>> alternatives, int taken) {
    MoveGenerator.Move<S> move() {
      return alternatives.get(taken);
    }
  }

  private static final int MAX_CANDIDATES = 20;

  private final String partition;
  private final String model;
  private final Spec<S> spec;
  private final List<SearchOp> ops;
  private final long deadlineNanos;
  private final long maxStates;
  private final int prefixTailSize;
  private final Entry head = new Entry(null, false, Long.MIN_VALUE);
  private final Entry[] callEntries;
  private final MoveGenerator<S> moves;

  /** Operations linearized on the current path (the stack holds moves of one or more). */
  private int depth;
  /** Raw snapshot of the deepest point; rendered into a Violation only if the search fails. */
  private DeepestPoint<S> deepest;
  private int deepestDepth = -1;

  /**
   * The deepest point: the last frames of the prefix (enough for the report tail), the state, the
   * blocked return entry's op, and the candidates before it. Kept raw because it is taken often
   * (at every new maximum depth) and rendered once at most.
   */
  private record DeepestPoint<S>(int depth, List<Frame<S>> lastFrames, S state, SearchOp blocked,
      List<SearchOp> candidates, int omitted) {}

  WglSearch(String partition, String model, Spec<S> spec, List<SearchOp> ops,
      long deadlineNanos, long maxStates, int prefixTailSize) {
    this.partition = partition;
    this.model = model;
    this.spec = spec;
    this.ops = ops;
    this.deadlineNanos = deadlineNanos;
    this.maxStates = maxStates;
    this.prefixTailSize = prefixTailSize;
    this.callEntries = new Entry[ops.size()];
    this.moves = new MoveGenerator<>(spec, ops, head);
  }

  /** Outcome of {@link #run()}; the caller adds the partition bookkeeping. */
  record Outcome(Verdict verdict, long states, Violation violation, String unknownReason,
      List<Operation> linearization) {}

  Outcome run() {
    int remaining = link();
    int required = (int) ops.stream().filter(SearchOp::required).count();
    LinearizedSet linearized = new LinearizedSet(required, ops.size());
    Set<LinearizedSet.Key> memo = new HashSet<>();
    List<Frame<S>> stack = new ArrayList<>();
    S state = spec.init();
    Entry cur = head.next;
    long iterations = 0;
    while (remaining > 0) {
      if ((++iterations & 0x3ff) == 0 && System.nanoTime() - deadlineNanos > 0) {
        return unknown(memo.size(), "time budget exceeded after " + memo.size() + " states, "
            + "deepest linearized prefix " + Math.max(deepestDepth, depth) + " of " + ops.size());
      }
      List<MoveGenerator.Move<S>> alternatives;
      int from;
      Entry at;
      if (cur.call) {
        if (moves.deferred(cur.op)) {
          cur = cur.next;
          continue;
        }
        at = cur;
        alternatives = moves.movesFor(state, cur.op, linearized);
        from = 0;
      } else {
        if (depth > deepestDepth) {
          recordDeepest(stack, state, cur);
        }
        Frame<S> top;
        do {
          if (stack.isEmpty()) {
            return fail(memo.size());
          }
          top = stack.remove(stack.size() - 1);
          state = top.stateBefore();
          List<SearchOp> undone = top.move().ops();
          depth -= undone.size();
          for (int i = undone.size() - 1; i >= 0; i--) {
            SearchOp op = undone.get(i);
            linearized.clear(op.index());
            unlift(callEntries[op.index()]);
            if (op.required()) {
              remaining++;
            }
          }
        } while (isLoneRead(top.move()));
        at = top.at();
        alternatives = top.alternatives();
        from = top.taken() + 1;
      }
      int taken = -1;
      for (int i = from; i < alternatives.size() && taken < 0; i++) {
        MoveGenerator.Move<S> move = alternatives.get(i);
        for (SearchOp op : move.ops()) {
          linearized.set(op.index());
        }
        if (memo.add(linearized.key(move.stateAfter()))) {
          taken = i;
        } else {
          for (SearchOp op : move.ops()) {
            linearized.clear(op.index());
          }
        }
      }
      if (taken < 0) {
        cur = at.next;
        continue;
      }
      if (memo.size() > maxStates) {
        return unknown(memo.size(), "state budget of " + maxStates + " exceeded, deepest "
            + "linearized prefix " + Math.max(deepestDepth, depth) + " of " + ops.size());
      }
      stack.add(new Frame<>(at, state, alternatives, taken));
      MoveGenerator.Move<S> move = alternatives.get(taken);
      state = move.stateAfter();
      depth += move.ops().size();
      for (SearchOp op : move.ops()) {
        lift(callEntries[op.index()]);
        if (op.required()) {
          remaining--;
        }
      }
      cur = head.next;
    }
    List<Operation> witness = new ArrayList<>();
    for (Frame<S> f : stack) {
      f.move().ops().forEach(op -> witness.add(op.op()));
    }
    return new Outcome(Verdict.LINEARIZABLE, memo.size(), null, null, witness);
  }

  private Outcome fail(long states) {
    if (moves.truncated()) {
      return unknown(states, "no linearization found, but the enumeration of moves for UNKNOWN "
          + "operations was truncated");
    }
    return new Outcome(Verdict.NOT_LINEARIZABLE, states, render(deepest), null, List.of());
  }

  /**
   * A read placed on its own as soon as it fits needs no alternatives: if some continuation that
   * places it later succeeded, moving the read forward to this point (it fits here, changes no
   * state, and no pending operation completed before it was invoked, or the walk would have hit
   * that return entry first) gives a continuation from this point that succeeds too. So when
   * everything after it fails, backtracking goes straight past it. This removes the exploration
   * of orders among concurrent reads, the bulk of the search on read-heavy histories.
   */
  private static <S> boolean isLoneRead(MoveGenerator.Move<S> move) {
    return move.ops().size() == 1 && move.ops().get(0).op().call().isRead();
  }

  private Outcome unknown(long states, String reason) {
    return new Outcome(Verdict.UNKNOWN, states, null, reason, List.of());
  }

  /** Builds the entry list; returns the number of return entries (required operations). */
  private int link() {
    List<Entry> entries = new ArrayList<>(ops.size() * 2);
    int required = 0;
    for (SearchOp op : ops) {
      Entry call = new Entry(op, true, op.callNanos());
      callEntries[op.index()] = call;
      entries.add(call);
      if (op.required()) {
        Entry ret = new Entry(op, false, op.returnNanos());
        call.match = ret;
        entries.add(ret);
        required++;
      }
    }
    entries.sort(Comparator.<Entry>comparingLong(e -> e.time)
        .thenComparing(e -> !e.call)
        .thenComparingInt(e -> e.op.index()));
    Entry prev = head;
    for (Entry e : entries) {
      prev.next = e;
      e.prev = prev;
      prev = e;
    }
    // Only a return entry can end a walk with work left, so the tail is never dereferenced.
    prev.next = null;
    return required;
  }

  private static void lift(Entry call) {
    unlink(call);
    if (call.match != null) {
      unlink(call.match);
    }
  }

  private static void unlink(Entry e) {
    e.prev.next = e.next;
    if (e.next != null) {
      e.next.prev = e.prev;
    }
  }

  /** Reverses {@link #lift}; entries keep their old neighbours, so order must be LIFO. */
  private static void unlift(Entry call) {
    if (call.match != null) {
      relink(call.match);
    }
    relink(call);
  }

  private static void relink(Entry e) {
    e.prev.next = e;
    if (e.next != null) {
      e.next.prev = e;
    }
  }

  private void recordDeepest(List<Frame<S>> stack, S state, Entry blocked) {
    deepestDepth = depth;
    // Frames hold one or more ops each; prefixTailSize frames always cover the tail.
    List<Frame<S>> last = List.copyOf(stack.subList(Math.max(0, stack.size() - prefixTailSize - 1),
        stack.size()));
    List<SearchOp> candidates = new ArrayList<>();
    int omitted = 0;
    for (Entry e = head.next; e != blocked; e = e.next) {
      if (!e.call || e.op == blocked.op) {
        continue;
      }
      if (candidates.size() < MAX_CANDIDATES) {
        candidates.add(e.op);
      } else {
        omitted++;
      }
    }
    deepest = new DeepestPoint<>(depth, last, state, blocked.op, candidates, omitted);
  }

  private Violation render(DeepestPoint<S> p) {
    List<SearchOp> prefix = new ArrayList<>();
    List<S> after = new ArrayList<>();
    List<Frame<S>> frames = p.lastFrames();
    for (int f = 0; f < frames.size(); f++) {
      S s = f + 1 < frames.size() ? frames.get(f + 1).stateBefore() : p.state();
      List<SearchOp> moveOps = frames.get(f).move().ops();
      for (int i = 0; i < moveOps.size(); i++) {
        prefix.add(moveOps.get(i));
        // States inside a move are not kept; the last op of the move shows the move's result.
        after.add(i == moveOps.size() - 1 ? s : null);
      }
    }
    List<Violation.PrefixStep> tail = new ArrayList<>();
    for (int i = Math.max(0, prefix.size() - prefixTailSize); i < prefix.size(); i++) {
      tail.add(new Violation.PrefixStep(prefix.get(i).op(),
          after.get(i) == null ? "(part of the next step)" : spec.describe(after.get(i))));
    }
    List<Violation.Candidate> candidates = new ArrayList<>();
    for (SearchOp c : p.candidates()) {
      candidates.add(new Violation.Candidate(c.op(), reason(p.state(), c.op())));
    }
    return new Violation(partition, model, p.depth(), ops.size(), tail, spec.describe(p.state()),
        p.blocked().op(), reason(p.state(), p.blocked().op()), candidates, p.omitted());
  }

  private String reason(S state, Operation op) {
    if (spec.step(state, op) == null) {
      return spec.explain(state, op);
    }
    return "it fits here, but every continuation after it was already explored and fails";
  }
}
