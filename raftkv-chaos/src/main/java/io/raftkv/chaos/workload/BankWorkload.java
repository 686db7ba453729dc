package io.raftkv.chaos.workload;

import io.raftkv.chaos.cluster.LabCluster;
import io.raftkv.chaos.history.Call;
import io.raftkv.chaos.history.History;
import io.raftkv.chaos.history.HistoryRecorder;
import io.raftkv.chaos.history.Reply;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.random.RandomGenerator;

/**
 * Bank accounts moved between by transactions: the total never changes in any read.
 *
 * <p>A transfer is a read transaction over every account (recorded as a balance read), then one
 * transaction that writes both new balances only if both accounts' modRevisions are unchanged.
 * A failed comparison proves nothing was written (FAIL); the total is the invariant every read,
 * on every node, must show.
 */
public final class BankWorkload implements Workload {

  private final List<String> accounts = new ArrayList<>();
  private final long opening;

  public BankWorkload(String prefix, int accountCount, long opening) {
    for (int i = 0; i < accountCount; i++) {
      accounts.add(prefix + "acct" + i);
    }
    this.opening = opening;
  }

  @Override
  public String name() {
    return "bank";
  }

  /** The invariant: the sum of all balances. */
  public long total() {
    return opening * accounts.size();
  }

  @Override
  public boolean setup(KvHttp kv, HistoryRecorder recorder, int process, RandomGenerator random) {
    Map<String, Long> balances = new LinkedHashMap<>();
    Map<String, Long> absent = new LinkedHashMap<>();
    Map<String, String> values = new LinkedHashMap<>();
    for (String a : accounts) {
      balances.put(a, opening);
      absent.put(a, 0L);
      values.put(a, Long.toString(opening));
    }
    var p = recorder.invoke(process, new Call.BankInit(balances));
    Answer a = kv.send(KvHttp.Request.txn(BankTxns.putIfUnchanged(absent, values)), random);
    try {
      if (a.responded() && a.status() == 200 && BankTxns.parse(a.body()).succeeded()) {
        p.ok();
        return true;
      }
    } catch (IOException e) {
      p.unknown("unparsable txn answer: " + e.getMessage());
      return false;
    }
    Outcomes.completeWrite(p, a.responded() && a.status() == 200 ? failedCompare(a) : a);
    return false;
  }

  @Override
  public boolean step(KvHttp kv, HistoryRecorder recorder, int process, RandomGenerator random) {
    Map<String, BankTxns.Got> seen = readBalances(kv, recorder, process, random);
    if (seen == null || random.nextInt(4) == 0) {
      return false;
    }
    String from = accounts.get(random.nextInt(accounts.size()));
    String to = accounts.get(random.nextInt(accounts.size()));
    long fromBalance = Long.parseLong(seen.get(from).value());
    if (from.equals(to) || fromBalance <= 0) {
      return false;
    }
    long amount = 1 + random.nextLong(Math.min(fromBalance, 20));
    long toBalance = Long.parseLong(seen.get(to).value());
    var p = recorder.invoke(process, new Call.Transfer(from, to, amount));
    Map<String, Long> revs = new LinkedHashMap<>();
    revs.put(from, seen.get(from).modRevision());
    revs.put(to, seen.get(to).modRevision());
    Map<String, String> values = new LinkedHashMap<>();
    values.put(from, Long.toString(fromBalance - amount));
    values.put(to, Long.toString(toBalance + amount));
    Answer a = kv.send(KvHttp.Request.txn(BankTxns.putIfUnchanged(revs, values)), random);
    if (a.responded() && a.status() == 200) {
      try {
        if (BankTxns.parse(a.body()).succeeded()) {
          p.ok();
          return false;
        }
        p.fail("compare failed");
        return false;
      } catch (IOException e) {
        p.unknown("unparsable txn answer");
        return true;
      }
    }
    return Outcomes.completeWrite(p, a);
  }

  private static Answer failedCompare(Answer a) {
    return new Answer(412, a.body(), a.etag(), null, a.node());
  }

  /** A recorded balance read; null unless OK with every account present. */
  private Map<String, BankTxns.Got> readBalances(KvHttp kv, HistoryRecorder recorder, int process, RandomGenerator random) {
    var p = recorder.invoke(process, new Call.BankRead());
    Answer a = kv.send(KvHttp.Request.txn(BankTxns.readAll(accounts)), random);
    if (!(a.responded() && a.status() == 200)) {
      // A read-only transaction changes nothing, so any failure is a FAIL.
      p.fail(a.describe());
      return null;
    }
    try {
      Map<String, BankTxns.Got> gets = BankTxns.gets(BankTxns.parse(a.body()));
      if (!gets.keySet().containsAll(accounts)) {
        p.fail("accounts missing from read: " + gets.keySet());
        return null;
      }
      Map<String, Long> balances = new TreeMap<>();
      accounts.forEach(acc -> balances.put(acc, Long.parseLong(gets.get(acc).value())));
      p.ok(new Reply.Balances(balances));
      return gets;
    } catch (IOException | NumberFormatException e) {
      p.fail("unparsable read: " + e.getMessage());
      return null;
    }
  }

  @Override
  public String appliedState(LabCluster cluster, KvHttp kv, String node) {
    StringBuilder b = new StringBuilder();
    for (String acc : accounts) {
      b.append(acc).append('=').append(Outcomes.serializableValue(kv.sendTo(node, KvHttp.Request.get(acc, true)))).append(' ');
    }
    return b.toString().strip();
  }

  @Override
  public List<String> lostWrites(History history, String appliedState) {
    long sum = 0;
    for (String kv : appliedState.split(" ")) {
      String v = kv.substring(kv.indexOf('=') + 1);
      if (v.equals("<absent>")) {
        return List.of("account missing: " + kv);
      }
      sum += Long.parseLong(v);
    }
    return sum == total() ? List.of() : List.of("total is " + sum + ", expected " + total());
  }

  @Override
  public void finalReads(KvHttp kv, HistoryRecorder recorder, int process, RandomGenerator random) {
    readBalances(kv, recorder, process, random);
  }
}
