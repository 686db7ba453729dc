package io.raftkv.chaos.check;

import io.raftkv.chaos.history.Call;
import io.raftkv.chaos.history.Operation;
import io.raftkv.chaos.history.Reply;
import java.util.List;
import java.util.Objects;

/**
 * A linearizable register per key, initially absent, with read, write, delete and
 * compare-and-set. Keys are independent objects, so the history is checked one key at a time.
 *
 * <p>Sequential specification: write(v) sets v; delete makes the key absent; cas(e, v) requires the
 * current value to be e (null = absent) and sets v; an OK read must return the current value.
 * A CAS that did not match is answered 412 and recorded as FAIL, so an OK CAS must match.
 */
public final class RegisterModel implements Model {

  /** The register's contents; {@code value == null} means absent. */
  record Value(String value) {
    static final Value ABSENT = new Value(null);

    @Override
    public String toString() {
      return value == null ? "<absent>" : '"' + value + '"';
    }
  }

  /** Token for the absent value (distinct from any written string). */
  private static final Object ABSENT_TOKEN = new Object() {
    @Override
    public String toString() {
      return "<absent>";
    }
  };

  @Override
  public String name() {
    return "register";
  }

  @Override
  public String partitionOf(Call call) {
    if (call instanceof Call.Read r) {
      return r.key();
    }
    if (call instanceof Call.Write w) {
      return w.key();
    }
    if (call instanceof Call.Delete d) {
      return d.key();
    }
    if (call instanceof Call.Cas c) {
      return c.key();
    }
    throw new IllegalArgumentException("the register model cannot check " + call);
  }

  @Override
  public Spec<?> specFor(String partition, List<Operation> operations) {
    return new RegisterSpec();
  }

  private static final class RegisterSpec implements Spec<Value> {

    @Override
    public Value init() {
      return Value.ABSENT;
    }

    @Override
    public Value step(Value state, Operation op) {
      Call call = op.call();
      if (call instanceof Call.Read) {
        String seen = ((Reply.Value) op.reply()).value();
        return Objects.equals(seen, state.value()) ? state : null;
      }
      if (call instanceof Call.Write w) {
        return new Value(w.value());
      }
      if (call instanceof Call.Delete) {
        return Value.ABSENT;
      }
      Call.Cas cas = (Call.Cas) call;
      return Objects.equals(cas.expected(), state.value()) ? new Value(cas.value()) : null;
    }

    @Override
    public String explain(Value state, Operation op) {
      if (op.call() instanceof Call.Read) {
        return "the read returned " + op.reply() + " but the register holds " + state;
      }
      if (op.call() instanceof Call.Cas cas) {
        return "the cas expects " + new Value(cas.expected()) + " but the register holds " + state;
      }
      return "a " + op.call() + " always applies";
    }

    @Override
    public String describe(Value state) {
      return state.toString();
    }

    @Override
    public Object produces(Operation op) {
      Call call = op.call();
      if (call instanceof Call.Write w) {
        return w.value();
      }
      if (call instanceof Call.Cas c) {
        return c.value();
      }
      if (call instanceof Call.Delete) {
        return ABSENT_TOKEN;
      }
      return null;
    }

    @Override
    public List<Object> observes(Operation op) {
      Call call = op.call();
      if (call instanceof Call.Read && op.reply() != null) {
        return List.of(token(((Reply.Value) op.reply()).value()));
      }
      if (call instanceof Call.Cas c) {
        return List.of(token(c.expected()));
      }
      return List.of();
    }

    @Override
    public boolean unknownEffectsMoveToObservers() {
      return true;
    }

    @Override
    public List<Object> missingTokens(Value state, Operation op) {
      List<Object> needed = observes(op);
      return needed.isEmpty() || needed.get(0).equals(token(state.value())) ? List.of() : needed;
    }

    @Override
    public List<Object> initialTokens() {
      return List.of(ABSENT_TOKEN);
    }

    private static Object token(String value) {
      return value == null ? ABSENT_TOKEN : value;
    }
  }
}
