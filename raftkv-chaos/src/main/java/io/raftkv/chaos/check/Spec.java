package io.raftkv.chaos.check;

import io.raftkv.chaos.history.Operation;
import java.util.List;

/**
 * The sequential specification of one partition (one register key, one set, or the whole bank):
 * a deterministic state machine that says whether an operation, with the outcome and reply the
 * client recorded, could have taken effect in a given state, and what state follows.
 *
 * <p>States must be immutable values with {@code equals}/{@code hashCode}: the search memoizes
 * (linearized operations, state) pairs, so two equal states must behave identically.
 *
 * <p>The checker calls {@link #step} only with OK operations and with UNKNOWN operations that
 * have an effect; it never passes FAIL operations (they did not happen) nor UNKNOWN reads (they
 * constrain nothing). For an UNKNOWN operation {@code step} returns the state after its effect,
 * or null if the effect is impossible there (e.g. a CAS whose expected value does not match: a
 * CAS that did not apply is the same as one left out, which the search already considers).
 *
 * @param <S> the state type
 */
public interface Spec<S> {

  /** The state before any operation. */
  S init();

  /** The state after {@code op} takes effect in {@code state}, or null if it cannot. */
  S step(S state, Operation op);

  /** Why {@link #step} rejects {@code op} in {@code state}, for violation reports. */
  String explain(S state, Operation op);

  /** Human-readable state for violation reports. */
  String describe(S state);

  /**
   * The value {@code op} installs if it takes effect (a written value, an added element), used to
   * resolve UNKNOWN operations; null if the operation installs nothing traceable. Equal tokens
   * must mean "indistinguishable to later reads".
   */
  default Object produces(Operation op) {
    return null;
  }

  /** The tokens (see {@link #produces}) that {@code op} observed or requires to be present. */
  default List<Object> observes(Operation op) {
    return List.of();
  }

  /** Tokens present in {@link #init()} (for a register: the absent value). */
  default List<Object> initialTokens() {
    return List.of();
  }

  /**
   * True if, in this model, an UNKNOWN operation that took effect can always be moved to just
   * before the first operation that observes its token (or removed, if none does) without
   * invalidating a linearization. Holds for registers (a blind write that nobody reads before it
   * is overwritten can be dropped) and grow-only sets (adds commute with adds). The search then
   * places UNKNOWN operations only as prerequisites of an observer that needs their token,
   * instead of trying them at every point, which removes the doubling of the search space per
   * UNKNOWN operation.
   */
  default boolean unknownEffectsMoveToObservers() {
    return false;
  }

  /**
   * The tokens {@code op} needs that {@code state} lacks (e.g. the value a read returned, when the
   * register holds another). Only used when {@link #unknownEffectsMoveToObservers()}.
   */
  default List<Object> missingTokens(S state, Operation op) {
    return List.of();
  }

  /**
   * For specs whose UNKNOWN operations move to observers but are not traced by tokens (the bank:
   * transfers commute, a read sees their net effect): every subset of {@code candidates} (pending
   * UNKNOWN operations that may take effect now) after which {@code op} fits in {@code state}, as
   * index lists into {@code candidates}. Null (the default) means "use tokens". A bounded
   * enumeration that gave up sets {@link Prerequisites#truncated()}.
   */
  default Prerequisites prerequisites(S state, Operation op, List<Operation> candidates) {
    return null;
  }

  /** Result of {@link #prerequisites}. */
  record Prerequisites(List<int[]> subsets, boolean truncated) {}
}
