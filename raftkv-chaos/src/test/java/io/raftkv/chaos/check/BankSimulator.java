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
import java.util.TreeMap;

/**
 * Generates bank histories from a real sequential bank, like {@link RegisterSimulator}: random
 * linearization points inside each interval, applied in that order; a transfer that would
 * overdraw is refused (FAIL); UNKNOWN transfers apply late or never. A final read after every
 * effect ends the history (its id is {@code operations + 1}). Linearizable by construction.
 */
final class BankSimulator {

  record Params(int accounts, int clients, int operations, double unknownRate, long maxLatency) {}

  private record Planned(long id, int process, long invoke, long point, long complete,
      boolean read, String from, String to, long amount, boolean unknown, boolean applied) {}

  private BankSimulator() {}

  static History generate(Params p, long seed) {
    Random rnd = new Random(seed);
    Map<String, Long> balances = new TreeMap<>();
    for (int a = 0; a < p.accounts(); a++) {
      balances.put("acct" + a, 20L);
    }
    List<Operation> ops = new ArrayList<>();
    ops.add(Operation.ok(0, 0, new Call.BankInit(balances), 0, 1, null));
    long[] clientFree = new long[p.clients()];
    java.util.Arrays.fill(clientFree, 2);
    List<Planned> planned = new ArrayList<>();
    for (long id = 1; id <= p.operations(); id++) {
      int c = rnd.nextInt(p.clients());
      long invoke = clientFree[c] + rnd.nextInt(10);
      boolean read = rnd.nextInt(3) == 0;
      int from = rnd.nextInt(p.accounts());
      int to = (from + 1 + rnd.nextInt(p.accounts() - 1)) % p.accounts();
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
      planned.add(new Planned(id, c + 1, invoke, point, complete, read, "acct" + from, "acct" + to,
          1 + rnd.nextInt(8), unknown, !unknown || rnd.nextBoolean()));
    }
    planned.sort(Comparator.comparingLong(Planned::point).thenComparingLong(Planned::id));
    for (Planned pl : planned) {
      if (pl.read()) {
        ops.add(Operation.ok(pl.id(), pl.process(), new Call.BankRead(), pl.invoke(), pl.complete(),
            new Reply.Balances(balances)));
        continue;
      }
      Call.Transfer t = new Call.Transfer(pl.from(), pl.to(), pl.amount());
      boolean covered = balances.get(pl.from()) >= pl.amount();
      if (pl.applied() && covered) {
        balances.merge(pl.from(), -pl.amount(), Long::sum);
        balances.merge(pl.to(), pl.amount(), Long::sum);
      }
      if (pl.unknown()) {
        ops.add(Operation.unknown(pl.id(), pl.process(), t, pl.invoke(), pl.complete(), "timeout"));
      } else if (!covered) {
        ops.add(Operation.fail(pl.id(), pl.process(), t, pl.invoke(), pl.complete(), "412 insufficient funds"));
      } else {
        ops.add(Operation.ok(pl.id(), pl.process(), t, pl.invoke(), pl.complete(), null));
      }
    }
    long end = planned.stream().mapToLong(pl -> Math.max(pl.point(), pl.complete())).max().orElse(2);
    ops.add(Operation.ok(p.operations() + 1, p.clients() + 1, new Call.BankRead(), end + 10, end + 20,
        new Reply.Balances(balances)));
    ops.sort(Comparator.comparingLong(Operation::id));
    return new History(Map.of("seed", Long.toString(seed)), ops);
  }
}
