package io.raftkv.chaos.check;

import io.raftkv.chaos.history.Call;
import io.raftkv.chaos.history.Operation;
import io.raftkv.chaos.history.Reply;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * A grow-only set per name, initially empty, with add(element) and read-all. Each named set is
 * an independent object, so the history is checked one set at a time.
 *
 * <p>Sequential specification: add inserts the element; an OK read-all must return exactly the
 * elements added so far. Checking full linearizability subsumes the usual set-workload checks:
 * an acknowledged add missing from a later read (lost), an element never added (phantom), and an
 * add visible to one read but not to a later one (stale).
 *
 * <p>States are bit sets over the elements of the partition, indexed once per partition, so that
 * copying and hashing a state costs a few words rather than a set of strings.
 */
public final class SetModel implements Model {

  @Override
  public String name() {
    return "set";
  }

  @Override
  public String partitionOf(Call call) {
    if (call instanceof Call.SetAdd a) {
      return a.set();
    }
    if (call instanceof Call.SetRead r) {
      return r.set();
    }
    throw new IllegalArgumentException("the set model cannot check " + call);
  }

  @Override
  public Spec<?> specFor(String partition, List<Operation> operations) {
    return new SetSpec(operations);
  }

  /** Immutable set of element indices. */
  record Members(BitSet bits) {}

  private static final class SetSpec implements Spec<Members> {
    private final Map<String, Integer> index = new HashMap<>();
    private final List<String> elements = new ArrayList<>();
    /** Per read operation id: the indices it saw, or null if it saw an element never added. */
    private final Map<Long, BitSet> readBits = new HashMap<>();

    SetSpec(List<Operation> operations) {
      for (Operation op : operations) {
        if (op.call() instanceof Call.SetAdd add) {
          index.computeIfAbsent(add.element(), e -> {
            elements.add(e);
            return elements.size() - 1;
          });
        }
      }
      for (Operation op : operations) {
        if (op.reply() instanceof Reply.Elements seen) {
          BitSet bits = new BitSet(elements.size());
          for (String e : seen.elements()) {
            Integer i = index.get(e);
            if (i == null) {
              bits = null;
              break;
            }
            bits.set(i);
          }
          readBits.put(op.id(), bits);
        }
      }
    }

    @Override
    public Members init() {
      return new Members(new BitSet());
    }

    @Override
    public Members step(Members state, Operation op) {
      if (op.call() instanceof Call.SetAdd add) {
        BitSet next = (BitSet) state.bits().clone();
        next.set(index.get(add.element()));
        return new Members(next);
      }
      BitSet seen = readBits.get(op.id());
      return state.bits().equals(seen) ? state : null;
    }

    @Override
    public String explain(Members state, Operation op) {
      if (op.call() instanceof Call.SetAdd) {
        return "an add always applies";
      }
      TreeSet<String> seen = new TreeSet<>(((Reply.Elements) op.reply()).elements());
      TreeSet<String> held = names(state.bits());
      TreeSet<String> missing = new TreeSet<>(held);
      missing.removeAll(seen);
      TreeSet<String> extra = new TreeSet<>(seen);
      extra.removeAll(held);
      StringBuilder b = new StringBuilder("the read does not match the set:");
      if (!missing.isEmpty()) {
        b.append(" missing ").append(missing);
      }
      if (!extra.isEmpty()) {
        TreeSet<String> neverAdded = new TreeSet<>();
        for (String e : extra) {
          if (!index.containsKey(e)) {
            neverAdded.add(e);
          }
        }
        b.append(" unexpected ").append(extra);
        if (!neverAdded.isEmpty()) {
          b.append(" (never added: ").append(neverAdded).append(')');
        }
      }
      return b.toString();
    }

    @Override
    public String describe(Members state) {
      TreeSet<String> names = names(state.bits());
      return names.size() <= 20 ? names.toString() : names.size() + " elements";
    }

    private TreeSet<String> names(BitSet bits) {
      TreeSet<String> names = new TreeSet<>();
      bits.stream().forEach(i -> names.add(elements.get(i)));
      return names;
    }

    @Override
    public boolean unknownEffectsMoveToObservers() {
      return true;
    }

    @Override
    public List<Object> missingTokens(Members state, Operation op) {
      BitSet seen = readBits.get(op.id());
      if (seen == null) {
        return List.of(); // saw an element never added: nothing can supply it
      }
      BitSet extra = (BitSet) state.bits().clone();
      extra.andNot(seen);
      if (!extra.isEmpty()) {
        return List.of(); // the set already holds something the read did not see
      }
      BitSet missing = (BitSet) seen.clone();
      missing.andNot(state.bits());
      List<Object> tokens = new ArrayList<>(missing.cardinality());
      missing.stream().forEach(i -> tokens.add(elements.get(i)));
      return tokens;
    }

    @Override
    public Object produces(Operation op) {
      return op.call() instanceof Call.SetAdd add ? add.element() : null;
    }

    @Override
    public List<Object> observes(Operation op) {
      if (op.reply() instanceof Reply.Elements seen) {
        return new ArrayList<>(seen.elements());
      }
      return List.of();
    }
  }
}
