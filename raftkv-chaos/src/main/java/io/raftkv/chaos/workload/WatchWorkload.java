package io.raftkv.chaos.workload;

import io.raftkv.api.ApiJson;
import io.raftkv.api.ErrorKind;
import io.raftkv.api.Op;
import io.raftkv.api.TxnRequest;
import io.raftkv.chaos.check.WatchCheckResult;
import io.raftkv.chaos.cluster.LabCluster;
import io.raftkv.chaos.history.Call;
import io.raftkv.chaos.history.History;
import io.raftkv.chaos.history.HistoryRecorder;
import io.raftkv.chaos.history.Operation;
import io.raftkv.chaos.history.Outcome;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.random.RandomGenerator;

/**
 * Writers and watchers of one prefix. The writers are the {@link RegisterWorkload} (reads, writes and
 * compare-and-set on {@code r0..r2}, recorded and checked for linearizability as in the register
 * runs) plus, on 3 in 10 steps, changes of several keys in one revision that the history does not
 * record: a transaction putting two or three of {@code m0..m3} and deleting another, or a range delete
 * of every {@code m} key. Their acknowledged revisions and every value written are kept for the watch
 * check. The {@link WatchGroup} watches the whole prefix; values are unique across the run.
 */
public final class WatchWorkload implements Workload {

  private static final int MULTI_KEYS = 4;

  private final String prefix;
  private final RegisterWorkload registers;
  private final WatchGroup watchers;
  private final AtomicLong nextValue = new AtomicLong();
  private final List<WatchGroup.AckedWrite> ackedMulti = new CopyOnWriteArrayList<>();
  private final Set<String> multiValues = ConcurrentHashMap.newKeySet();

  /** {@code watcherCount} watchers of {@code prefix}, their messages passed through {@code tap}. */
  public WatchWorkload(String prefix, int watcherCount, WatchTap tap) {
    this.prefix = prefix;
    this.registers = new RegisterWorkload(prefix, 3);
    this.watchers = new WatchGroup(prefix, watcherCount, tap);
  }

  @Override
  public String name() {
    return "watch";
  }

  @Override
  public void startWatchers(LabCluster cluster, SplittableRandom random) {
    watchers.start(cluster, random);
  }

  @Override
  public WatchCheckResult checkWatchers(LabCluster cluster, KvHttp kv, History history, List<String> members,
      Path workDir) throws InterruptedException {
    return watchers.finish(cluster, kv, members, acknowledged(history), written(history), workDir);
  }

  @Override
  public void stopWatchers() throws InterruptedException {
    watchers.stop();
  }

  @Override
  public boolean setup(KvHttp kv, HistoryRecorder recorder, int process, RandomGenerator random) {
    return registers.setup(kv, recorder, process, random);
  }

  private String multiKey(int i) {
    return prefix + "m" + i;
  }

  @Override
  public boolean step(KvHttp kv, HistoryRecorder recorder, int process, RandomGenerator random) {
    if (random.nextInt(10) < 7) {
      return registers.step(kv, recorder, process, random);
    }
    if (random.nextInt(4) == 0) {
      String path = "/v1/kv?prefix=" + URLEncoder.encode(prefix + "m", StandardCharsets.UTF_8);
      kv.send(new KvHttp.Request("DELETE", path, Map.of(), null), random);
      return false;
    }
    List<Integer> order = new ArrayList<>(List.of(0, 1, 2, 3));
    java.util.Collections.shuffle(order, new java.util.Random(random.nextLong()));
    int puts = 2 + random.nextInt(2);
    TxnRequest.Builder txn = TxnRequest.builder();
    Map<String, String> written = new LinkedHashMap<>();
    for (int i = 0; i < puts; i++) {
      String value = "t" + nextValue.incrementAndGet() + "p" + process;
      multiValues.add(value);
      written.put(multiKey(order.get(i)), value);
      txn.thenPut(multiKey(order.get(i)), value);
    }
    if (puts < MULTI_KEYS) {
      txn.then(new Op.Delete(multiKey(order.get(puts))));
    }
    Answer a = kv.send(KvHttp.Request.txn(txn.build()), random);
    if (a.responded() && a.status() == 200) {
      ackedMulti.add(new WatchGroup.AckedWrite(
          ApiJson.readTxnResult(ApiJson.readTree(a.body(), ErrorKind.INTERNAL)).revision(), written));
    }
    return false;
  }

  /** Every acknowledged write of {@code history} and of the multi-key steps, for the watch check. */
  private List<WatchGroup.AckedWrite> acknowledged(History history) {
    List<WatchGroup.AckedWrite> all = new ArrayList<>(ackedMulti);
    for (Operation op : history.operations()) {
      Map<String, String> put = puts(op.call());
      if (op.outcome() == Outcome.OK && !put.isEmpty()) {
        all.add(new WatchGroup.AckedWrite(0, put));
      }
    }
    return all;
  }

  /** Every value any client tried to write, whatever the outcome. */
  private Set<String> written(History history) {
    Set<String> all = new java.util.HashSet<>(multiValues);
    history.operations().forEach(op -> all.addAll(puts(op.call()).values()));
    return all;
  }

  /** The key and value a register write or CAS puts; empty for reads. */
  private static Map<String, String> puts(Call call) {
    if (call instanceof Call.Write w) {
      return Map.of(w.key(), w.value());
    }
    return call instanceof Call.Cas c ? Map.of(c.key(), c.value()) : Map.of();
  }

  /** The registers' state, then {@code |} and the multi-key state. */
  @Override
  public String appliedState(LabCluster cluster, KvHttp kv, String node) {
    List<String> multi = java.util.stream.IntStream.range(0, MULTI_KEYS).mapToObj(this::multiKey).toList();
    return registers.appliedState(cluster, kv, node) + " | " + Outcomes.serializableValues(kv, node, multi);
  }

  @Override
  public List<String> lostWrites(History history, String appliedState) {
    // The multi-key writes are the watch check's: every acknowledged one must be in the committed history.
    return registers.lostWrites(history, appliedState.substring(0, appliedState.indexOf(" | ")));
  }

  @Override
  public void finalReads(KvHttp kv, HistoryRecorder recorder, int process, RandomGenerator random) {
    registers.finalReads(kv, recorder, process, random);
  }
}
