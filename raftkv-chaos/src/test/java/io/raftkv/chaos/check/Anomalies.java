package io.raftkv.chaos.check;

import io.raftkv.chaos.history.Call;
import io.raftkv.chaos.history.History;
import io.raftkv.chaos.history.Operation;
import io.raftkv.chaos.history.Outcome;
import io.raftkv.chaos.history.Reply;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Injects one anomaly into a linearizable register history (with unique written values) such
 * that no linearization can exist any more; each kind states why.
 */
final class Anomalies {

  enum Kind { STALE_READ, PHANTOM_READ, DOUBLE_CAS, FAILED_BUT_APPLIED }

  record Injected(History history, Kind kind, String description, String key) {}

  private Anomalies() {}

  static Injected inject(History h, Kind wanted, Random rnd) {
    Injected done = switch (wanted) {
      case STALE_READ -> staleRead(h, rnd);
      case DOUBLE_CAS -> doubleCas(h, rnd);
      case FAILED_BUT_APPLIED -> failedButApplied(h, rnd);
      case PHANTOM_READ -> null;
    };
    return done != null ? done : phantomRead(h, rnd);
  }

  /**
   * w1 completes before w2 starts, w2 completes before r starts, and r now returns w1's value:
   * w2 must be between them in every linearization and only w1 wrote that value.
   */
  private static Injected staleRead(History h, Random rnd) {
    List<Operation> ops = h.operations();
    List<Operation[]> triples = new ArrayList<>();
    for (Operation r : ops) {
      if (!(r.call() instanceof Call.Read read) || r.outcome() != Outcome.OK) {
        continue;
      }
      for (Operation w2 : ops) {
        if (produced(w2, read.key()) == null || w2.completeNanos() >= r.invokeNanos()) {
          continue;
        }
        for (Operation w1 : ops) {
          if (produced(w1, read.key()) != null && w1.completeNanos() < w2.invokeNanos()) {
            triples.add(new Operation[] {w1, w2, r});
          }
        }
      }
      if (triples.size() > 50) {
        break;
      }
    }
    if (triples.isEmpty()) {
      return null;
    }
    Operation[] t = triples.get(rnd.nextInt(triples.size()));
    String stale = produced(t[0], ((Call.Read) t[2].call()).key());
    Operation bad = Operation.ok(t[2].id(), t[2].process(), t[2].call(), t[2].invokeNanos(),
        t[2].completeNanos(), new Reply.Value(stale));
    return new Injected(replace(h, bad), Kind.STALE_READ,
        "read #" + bad.id() + " returns " + stale + " of #" + t[0].id() + ", overwritten by #"
            + t[1].id(), ((Call.Read) bad.call()).key());
  }

  /** A read returns a value nobody wrote. */
  private static Injected phantomRead(History h, Random rnd) {
    List<Operation> reads = h.operations().stream()
        .filter(o -> o.call() instanceof Call.Read && o.outcome() == Outcome.OK).toList();
    Operation r = reads.get(rnd.nextInt(reads.size()));
    Operation bad = Operation.ok(r.id(), r.process(), r.call(), r.invokeNanos(), r.completeNanos(),
        new Reply.Value("phantom"));
    return new Injected(replace(h, bad), Kind.PHANTOM_READ, "read #" + r.id() + " returns phantom",
        ((Call.Read) r.call()).key());
  }

  /**
   * A second OK CAS from the same (non-absent) expected value, invoked after the first one
   * completed: the first replaced that value, and values are never written twice.
   */
  private static Injected doubleCas(History h, Random rnd) {
    List<Operation> cases = h.operations().stream()
        .filter(o -> o.call() instanceof Call.Cas c && c.expected() != null && o.outcome() == Outcome.OK)
        .toList();
    if (cases.isEmpty()) {
      return null;
    }
    Operation first = cases.get(rnd.nextInt(cases.size()));
    Call.Cas c = (Call.Cas) first.call();
    long id = h.operations().stream().mapToLong(Operation::id).max().orElse(0) + 1;
    Operation second = Operation.ok(id, 10_000, new Call.Cas(c.key(), c.expected(), "double-cas"),
        first.completeNanos() + 1, first.completeNanos() + 2, null);
    List<Operation> ops = new ArrayList<>(h.operations());
    ops.add(second);
    return new Injected(new History(h.attributes(), ops), Kind.DOUBLE_CAS,
        "cas #" + id + " succeeds from " + c.expected() + " after cas #" + first.id(), c.key());
  }

  /** A write some OK read observed is recorded as FAIL, so the read sees a value never written. */
  private static Injected failedButApplied(History h, Random rnd) {
    List<Operation> candidates = new ArrayList<>();
    for (Operation w : h.operations()) {
      if (w.call() instanceof Call.Write write && w.outcome() == Outcome.OK
          && h.operations().stream().anyMatch(r -> r.outcome() == Outcome.OK
              && r.reply() instanceof Reply.Value v && write.value().equals(v.value()))) {
        candidates.add(w);
      }
    }
    if (candidates.isEmpty()) {
      return null;
    }
    Operation w = candidates.get(rnd.nextInt(candidates.size()));
    Operation bad = Operation.fail(w.id(), w.process(), w.call(), w.invokeNanos(),
        w.completeNanos(), "503 not applied");
    return new Injected(replace(h, bad), Kind.FAILED_BUT_APPLIED,
        "write #" + w.id() + " reported not applied but was read", ((Call.Write) w.call()).key());
  }

  private static String produced(Operation op, String key) {
    if (op.outcome() != Outcome.OK) {
      return null;
    }
    if (op.call() instanceof Call.Write w && w.key().equals(key)) {
      return w.value();
    }
    if (op.call() instanceof Call.Cas c && c.key().equals(key)) {
      return c.value();
    }
    return null;
  }

  private static History replace(History h, Operation replacement) {
    List<Operation> ops = new ArrayList<>(h.operations());
    ops.replaceAll(o -> o.id() == replacement.id() ? replacement : o);
    return new History(h.attributes(), ops);
  }
}
