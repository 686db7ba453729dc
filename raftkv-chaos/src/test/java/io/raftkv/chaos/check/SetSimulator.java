package io.raftkv.chaos.check;

import io.raftkv.chaos.history.Call;
import io.raftkv.chaos.history.History;
import io.raftkv.chaos.history.Operation;
import io.raftkv.chaos.history.Reply;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;

/**
 * Generates set histories from a real set, like {@link RegisterSimulator}: unique adds and
 * read-alls with random linearization points applied in order; UNKNOWN adds apply late or never.
 * A final read-all after every effect ends the history (the last operation). Linearizable by
 * construction.
 */
final class SetSimulator {

  record Params(int clients, int operations, double unknownRate, long maxLatency) {}

  private record Planned(long id, int process, long invoke, long point, long complete,
      boolean read, boolean unknown, boolean applied) {}

  private SetSimulator() {}

  static History generate(Params p, long seed) {
    Random rnd = new Random(seed);
    long[] clientFree = new long[p.clients()];
    List<Planned> planned = new ArrayList<>();
    for (long id = 0; id < p.operations(); id++) {
      int c = rnd.nextInt(p.clients());
      long invoke = clientFree[c] + rnd.nextInt(10);
      boolean read = rnd.nextInt(4) == 0;
      boolean unknown = !read && rnd.nextDouble() < p.unknownRate();
      long point;
      long complete;
      if (unknown) {
        complete = invoke + 1 + rnd.nextInt((int) p.maxLatency());
        point = invoke + rnd.nextInt((int) p.maxLatency() * 20);
      } else {
        point = invoke + rnd.nextInt((int) p.maxLatency());
        complete = point + rnd.nextInt((int) p.maxLatency());
      }
      clientFree[c] = complete + 1;
      planned.add(new Planned(id, c, invoke, point, complete, read, unknown, !unknown || rnd.nextBoolean()));
    }
    planned.sort(Comparator.comparingLong(Planned::point).thenComparingLong(Planned::id));
    TreeSet<String> set = new TreeSet<>();
    List<Operation> ops = new ArrayList<>();
    long end = 0;
    for (Planned pl : planned) {
      end = Math.max(end, Math.max(pl.point(), pl.complete()));
      if (pl.read()) {
        ops.add(Operation.ok(pl.id(), pl.process(), new Call.SetRead("s"), pl.invoke(), pl.complete(),
            new Reply.Elements(set)));
        continue;
      }
      String element = "e" + pl.id();
      if (pl.applied()) {
        set.add(element);
      }
      Call add = new Call.SetAdd("s", element);
      ops.add(pl.unknown()
          ? Operation.unknown(pl.id(), pl.process(), add, pl.invoke(), pl.complete(), "timeout")
          : Operation.ok(pl.id(), pl.process(), add, pl.invoke(), pl.complete(), null));
    }
    ops.sort(Comparator.comparingLong(Operation::id));
    ops.add(Operation.ok(p.operations(), p.clients(), new Call.SetRead("s"), end + 10, end + 20,
        new Reply.Elements(set)));
    return new History(Map.of("seed", Long.toString(seed)), ops);
  }
}
