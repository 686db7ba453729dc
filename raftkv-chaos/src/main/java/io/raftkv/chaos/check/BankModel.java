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
 *   <li>Invariants (always, no budget): there is exactly one OK bank-init; every OK balance read
 *       shows exactly its accounts and sums to its total; unless negative balances are allowed,
 *       no OK read shows a negative balance.
 *   <li>Linearizability (within the budget): there is one order of init, transfers and reads,
 *       consistent with real time, in which every OK read shows exactly the balances produced by
 *       the transfers before it. In this order transfers are unconditional, so they commute: a
 *       refused overdraft is the workload's FAIL, and an overdraft that happened shows up as a
 *       negative balance in a read (invariant 1). Not detected: an overdraft that was undone by
 *       later deposits before any read saw it.
 * </ol>
 *
 * <p>Because transfers commute, an UNKNOWN transfer can be moved to just before the first read
 * after it (or dropped if none follows), so the search places UNKNOWN transfers only as a subset
 * whose net effect is exactly what the next read is missing ({@link Spec#prerequisites}).
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
    return new BankSpec(operations);
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
        if (!allowNegative && read.balances().values().stream().anyMatch(b -> b < 0)) {
          problems.add("read #" + op.id() + " shows a negative balance: " + read.balances());
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

    BankSpec(List<Operation> operations) {
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
        return "the transfer cannot apply here";
      }
      return "the read returned " + op.reply() + " but the balances are " + describe(state);
    }

    @Override
    public boolean unknownEffectsMoveToObservers() {
      return true;
    }

    @Override
    public Prerequisites prerequisites(State state, Operation op, List<Operation> candidates) {
      if (!(op.reply() instanceof Reply.Balances seen) || state.balances() == null
          || !seen.balances().keySet().equals(asMap(state).keySet())) {
        return new Prerequisites(List.of(), false);
      }
      long[] missing = new long[accounts.size()];
      for (int i = 0; i < missing.length; i++) {
        Long v = seen.balances().get(accounts.get(i));
        missing[i] = v == null ? 0 : v - state.balances()[i];
      }
      return new TransferSubsets(accounts, candidates, missing).find();
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
