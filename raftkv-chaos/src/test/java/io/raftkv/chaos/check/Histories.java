package io.raftkv.chaos.check;

import io.raftkv.chaos.history.Call;
import io.raftkv.chaos.history.History;
import io.raftkv.chaos.history.Operation;
import io.raftkv.chaos.history.Reply;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Builder for hand-made histories in tests; times are plain numbers on one clock. */
final class Histories {
  private final List<Operation> ops = new ArrayList<>();

  private long nextId() {
    return ops.size();
  }

  Histories ok(int p, Call call, long invoke, long complete) {
    ops.add(Operation.ok(nextId(), p, call, invoke, complete, null));
    return this;
  }

  Histories fail(int p, Call call, long invoke, long complete) {
    ops.add(Operation.fail(nextId(), p, call, invoke, complete, "412"));
    return this;
  }

  Histories unknown(int p, Call call, long invoke, long complete) {
    ops.add(Operation.unknown(nextId(), p, call, invoke, complete, "timeout"));
    return this;
  }

  Histories write(int p, String key, String value, long invoke, long complete) {
    return ok(p, new Call.Write(key, value), invoke, complete);
  }

  Histories cas(int p, String key, String expected, String value, long invoke, long complete) {
    return ok(p, new Call.Cas(key, expected, value), invoke, complete);
  }

  /** An OK read that observed {@code value} (null = absent). */
  Histories read(int p, String key, String value, long invoke, long complete) {
    ops.add(Operation.ok(nextId(), p, new Call.Read(key), invoke, complete, new Reply.Value(value)));
    return this;
  }

  Histories add(int p, String set, String element, long invoke, long complete) {
    return ok(p, new Call.SetAdd(set, element), invoke, complete);
  }

  Histories readSet(int p, String set, Set<String> seen, long invoke, long complete) {
    ops.add(Operation.ok(nextId(), p, new Call.SetRead(set), invoke, complete, new Reply.Elements(seen)));
    return this;
  }

  Histories init(int p, Map<String, Long> balances, long invoke, long complete) {
    return ok(p, new Call.BankInit(balances), invoke, complete);
  }

  Histories transfer(int p, String from, String to, long amount, long invoke, long complete) {
    return ok(p, new Call.Transfer(from, to, amount), invoke, complete);
  }

  Histories readBank(int p, Map<String, Long> seen, long invoke, long complete) {
    ops.add(Operation.ok(nextId(), p, new Call.BankRead(), invoke, complete, new Reply.Balances(seen)));
    return this;
  }

  History build() {
    return new History(ops);
  }
}
