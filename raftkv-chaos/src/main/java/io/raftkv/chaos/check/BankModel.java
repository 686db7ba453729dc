package io.raftkv.chaos.check;

import io.raftkv.chaos.history.Call;
import io.raftkv.chaos.history.Operation;
import io.raftkv.chaos.history.Outcome;
import io.raftkv.chaos.history.Reply;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A bank: accounts created by one {@link Call.BankInit}, {@link Call.Transfer}s between two
 * accounts in one transaction, and {@link Call.BankRead}s of every balance in one transaction.
 * Transfers touch two accounts, so the whole bank is one partition.
 *
 * <p>What is checked:
 * <ol>
 *   <li>Invariant (always, no budget): every OK balance read shows exactly the accounts of the OK
 *       bank-init and sums to its total; there is exactly one OK bank-init.
 *   <li>Linearizability (within the budget): there is one order of init, transfers and reads,
 *       consistent with real time, in which every OK read shows exactly the balances produced by
 *       the transfers before it. An OK transfer must leave its source non-negative unless
 *       negative balances are allowed (the workload's transfer refuses to overdraw).
 * </ol>
 */
public final class BankModel implements Model {

  /** The single partition name of a bank history. */
  public static final String PARTITION = "bank";

  private final boolean allowNegative;

  /** @param allowNegative true if the workload may overdraw accounts */
  public BankModel(boolean allowNegative) {
    this.allowNegative = allowNegative;
  }

  /** Accounts may not go negative. */
  public BankModel() {
    this(false);
  }

  @Override
  public String name() {
    return "bank";
  }

  @Override
  public String partitionOf(Call call) {
    if (call instanceof Call.BankInit || call instanceof Call.Transfer || call instanceof Call.BankRead) {
      return PARTITION;
    }
    throw new IllegalArgumentException("the bank model cannot check " + call);
  }

  @Override
  public Spec<?> specFor(String partition, List<Operation> operations) {
    return new BankSpec(operations, allowNegative);
  }

  @Override
  public List<String> invariantViolations(List<Operation> operations) {
    List<String> problems = new ArrayList<>();
    List<Operation> inits = operations.stream()
        .filter(op -> op.call() instanceof Call.BankInit && op.outcome() == Outcome.OK)
        .toList();
    if (inits.size() != 1) {
      problems.add("a bank history needs exactly one OK bank-init, found " + inits.size());
      return problems;
    }
    Map<String, Long> opening = ((Call.BankInit) inits.get(0).call()).balances();
    long total = opening.values().stream().mapToLong(Long::longValue).sum();
    for (Operation op : operations) {
      if (op.reply() instanceof Reply.Balances read) {
        long sum = read.balances().values().stream().mapToLong(Long::longValue).sum();
        if (!read.balances().keySet().equals(opening.keySet())) {
          problems.add("read #" + op.id() + " shows accounts " + read.balances().keySet()
              + " but the bank has " + opening.keySet());
        } else if (sum != total) {
          problems.add("read #" + op.id() + " sums to " + sum + " but the bank total is " + total
              + ": " + read.balances());
        }
      }
    }
    return problems;
  }

  /** Balances by account index; {@code balances == null} before the init. */
  record State(long[] balances) {
    static final State UNINITIALIZED = new State(null);

    @Override
    public boolean equals(Object o) {
      return o instanceof State s && Arrays.equals(balances, s.balances);
    }

    @Override
    public int hashCode() {
      return Arrays.hashCode(balances);
    }

    @Override
    public String toString() {
      return balances == null ? "<uninitialized>" : Arrays.toString(balances);
    }
  }

  private static final class BankSpec implements Spec<State> {
    private final List<String> accounts = new ArrayList<>();
    private final boolean allowNegative;

    BankSpec(List<Operation> operations, boolean allowNegative) {
      this.allowNegative = allowNegative;
      for (Operation op : operations) {
        if (op.call() instanceof Call.BankInit init) {
          init.balances().keySet().stream().filter(a -> !accounts.contains(a)).forEach(accounts::add);
        }
      }
      accounts.sort(null);
    }

    @Override
    public State init() {
      return State.UNINITIALIZED;
    }

    @Override
    public State step(State state, Operation op) {
      Call call = op.call();
      if (call instanceof Call.BankInit init) {
        if (state.balances() != null) {
          return null;
        }
        long[] b = new long[accounts.size()];
        Arrays.fill(b, Long.MIN_VALUE);
        init.balances().forEach((a, v) -> b[accounts.indexOf(a)] = v);
        return new State(b);
      }
      if (state.balances() == null) {
        return null;
      }
      if (call instanceof Call.Transfer t) {
        int from = accounts.indexOf(t.from());
        int to = accounts.indexOf(t.to());
        if (from < 0 || to < 0 || state.balances()[from] == Long.MIN_VALUE
            || state.balances()[to] == Long.MIN_VALUE) {
          return null;
        }
        if (!allowNegative && state.balances()[from] < t.amount()) {
          return null;
        }
        long[] b = state.balances().clone();
        b[from] -= t.amount();
        b[to] += t.amount();
        return new State(b);
      }
      Map<String, Long> seen = ((Reply.Balances) op.reply()).balances();
      return seen.equals(asMap(state)) ? state : null;
    }

    @Override
    public String explain(State state, Operation op) {
      Call call = op.call();
      if (call instanceof Call.BankInit) {
        return "the bank is already initialized";
      }
      if (state.balances() == null) {
        return "the bank is not initialized yet";
      }
      if (call instanceof Call.Transfer t) {
        Long from = asMap(state).get(t.from());
        if (from == null || !asMap(state).containsKey(t.to())) {
          return "the transfer names an account the bank does not have";
        }
        return "the transfer would overdraw " + t.from() + " (balance " + from + ")";
      }
      return "the read returned " + op.reply() + " but the balances are " + describe(state);
    }

    @Override
    public String describe(State state) {
      return state.balances() == null ? "<uninitialized>" : asMap(state).toString();
    }

    private Map<String, Long> asMap(State state) {
      Map<String, Long> m = new LinkedHashMap<>();
      for (int i = 0; i < accounts.size(); i++) {
        long v = state.balances()[i];
        if (v != Long.MIN_VALUE) {
          m.put(accounts.get(i), v);
        }
      }
      return m;
    }
  }

  @Override
  public String toString() {
    return "BankModel[allowNegative=" + allowNegative + "]";
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof BankModel b && b.allowNegative == allowNegative;
  }

  @Override
  public int hashCode() {
    return Objects.hash(allowNegative);
  }
}
