package io.raftkv.chaos.check;

import io.raftkv.chaos.history.Call;
import io.raftkv.chaos.history.History;
import io.raftkv.chaos.history.Operation;
import io.raftkv.chaos.history.Reply;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Generates histories from a real sequential register: every client issues operations one at a
 * time; each operation gets a random linearization point inside its interval, and the operations
 * are applied to a plain map in linearization-point order, which decides every reply. So the
 * result is linearizable by construction.
 *
 * <p>Faults are modelled the way the store's clients see them: an UNKNOWN operation (timeout) is
 * either applied at a point that may be long after the client gave up, or never applied; a FAIL
 * operation (503 "not applied") has no effect; a CAS whose expectation does not hold at its
 * linearization point is FAIL (412). Each key ends with a read by a fresh client after all
 * effects, so every history has OK reads.
 */
final class RegisterSimulator {

  record Params(int keys, int clients, int operations, double unknownRate, double failRate,
      long maxLatency) {}

  private record Planned(int process, String key, int kind, long invoke, long point, long complete,
      boolean unknown, boolean applied, boolean failed, long id) {}

  private RegisterSimulator() {}

  static History generate(Params p, long seed) {
    Random rnd = new Random(seed);
    List<Planned> planned = new ArrayList<>();
    long[] clientFree = new long[p.clients()];
    long id = 0;
    for (int i = 0; i < p.operations(); i++) {
      int c = rnd.nextInt(p.clients());
      long invoke = clientFree[c] + rnd.nextInt(10);
      String key = "k" + rnd.nextInt(p.keys());
      int kind = rnd.nextInt(100);
      boolean unknown = rnd.nextDouble() < p.unknownRate();
      boolean failed = !unknown && rnd.nextDouble() < p.failRate();
      long complete;
      long point;
      boolean applied;
      if (unknown) {
        complete = invoke + 1 + rnd.nextInt((int) p.maxLatency());
        // A timed-out command may still commit much later, or never.
        applied = rnd.nextBoolean();
        point = invoke + rnd.nextInt((int) p.maxLatency() * 20);
      } else {
        point = invoke + rnd.nextInt((int) p.maxLatency());
        complete = point + rnd.nextInt((int) p.maxLatency());
        applied = !failed;
      }
      clientFree[c] = complete + 1;
      planned.add(new Planned(c, key, kind, invoke, point, complete, unknown, applied, failed, id++));
    }
    planned.sort(Comparator.comparingLong(Planned::point).thenComparingLong(Planned::id));

    Map<String, String> register = new HashMap<>();
    Map<String, List<String>> written = new HashMap<>();
    List<Operation> ops = new ArrayList<>();
    long end = 0;
    int valueSeq = 0;
    for (Planned pl : planned) {
      end = Math.max(end, Math.max(pl.point(), pl.complete()));
      String current = register.get(pl.key());
      Call call;
      boolean effective = pl.applied();
      Reply reply = null;
      if (pl.kind() < 40) {
        call = new Call.Read(pl.key());
        reply = new Reply.Value(current);
      } else if (pl.kind() < 75) {
        String v = "v" + valueSeq++;
        call = new Call.Write(pl.key(), v);
        if (effective) {
          register.put(pl.key(), v);
        }
      } else if (pl.kind() < 80) {
        call = new Call.Delete(pl.key());
        if (effective) {
          register.remove(pl.key());
        }
      } else {
        List<String> old = written.getOrDefault(pl.key(), List.of());
        String expected = rnd.nextInt(3) > 0 || old.isEmpty()
            ? current : old.get(rnd.nextInt(old.size()));
        String v = "v" + valueSeq++;
        call = new Call.Cas(pl.key(), expected, v);
        boolean matches = java.util.Objects.equals(expected, current);
        if (effective && matches) {
          register.put(pl.key(), v);
        }
        if (!matches && !pl.unknown()) {
          ops.add(Operation.fail(pl.id(), pl.process(), call, pl.invoke(), pl.complete(), "412"));
          continue;
        }
      }
      if (call instanceof Call.Write w) {
        written.computeIfAbsent(pl.key(), k -> new ArrayList<>()).add(w.value());
      } else if (call instanceof Call.Cas c) {
        written.computeIfAbsent(pl.key(), k -> new ArrayList<>()).add(c.value());
      }
      if (pl.unknown()) {
        ops.add(Operation.unknown(pl.id(), pl.process(), call, pl.invoke(), pl.complete(), "timeout"));
      } else if (pl.failed()) {
        ops.add(Operation.fail(pl.id(), pl.process(), call, pl.invoke(), pl.complete(), "503"));
      } else {
        ops.add(Operation.ok(pl.id(), pl.process(), call, pl.invoke(), pl.complete(),
            call.isRead() ? reply : null));
      }
    }
    for (int k = 0; k < p.keys(); k++) {
      String key = "k" + k;
      long t = end + 10 + k;
      ops.add(Operation.ok(id++, p.clients() + k, new Call.Read(key), t, t + 5,
          new Reply.Value(register.get(key))));
    }
    ops.sort(Comparator.comparingLong(Operation::id));
    return new History(Map.of("seed", Long.toString(seed)), ops);
  }
}
