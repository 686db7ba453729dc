package io.raftkv.chaos.workload;

import io.raftkv.chaos.cluster.LabCluster;
import io.raftkv.chaos.history.Call;
import io.raftkv.chaos.history.History;
import io.raftkv.chaos.history.HistoryRecorder;
import io.raftkv.chaos.history.Operation;
import io.raftkv.chaos.history.Outcome;
import io.raftkv.chaos.history.Reply;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicLong;
import java.util.random.RandomGenerator;

/**
 * A grow-only set in one key: unique adds and whole-set reads. The set's elements are stored
 * comma-separated; an add is a read-modify-write guarded by {@code If-Match} (or
 * {@code If-None-Match: *} for the first element), retried only after a 412, which proves the
 * attempt took no effect. An attempt with an unknown outcome ends the add as UNKNOWN.
 *
 * <p>The final check: every acknowledged add must be in the set on every node.
 */
public final class SetWorkload implements Workload {

  private static final int MAX_CAS_ATTEMPTS = 8;

  private final String key;
  private final AtomicLong nextElement = new AtomicLong();

  public SetWorkload(String prefix) {
    this.key = prefix + "set";
  }

  @Override
  public String name() {
    return "set";
  }

  @Override
  public boolean setup(KvHttp kv, HistoryRecorder recorder, int process, RandomGenerator random) {
    return true;
  }

  @Override
  public boolean step(KvHttp kv, HistoryRecorder recorder, int process, RandomGenerator random) {
    if (random.nextInt(5) == 0) {
      var p = recorder.invoke(process, new Call.SetRead(key));
      Answer a = kv.send(KvHttp.Request.get(key, false), random);
      Set<String> elements = parse(a);
      if (elements != null) {
        p.ok(new Reply.Elements(elements));
      } else {
        p.fail(a.describe());
      }
      return false;
    }
    String element = "e" + nextElement.incrementAndGet();
    var p = recorder.invoke(process, new Call.SetAdd(key, element));
    for (int attempt = 0; attempt < MAX_CAS_ATTEMPTS; attempt++) {
      Answer read = kv.send(KvHttp.Request.get(key, false), random);
      Set<String> current = parse(read);
      if (current == null || (read.status() == 200 && read.etag().isEmpty())) {
        p.fail("read before add: " + read.describe());
        return false;
      }
      TreeSet<String> next = new TreeSet<>(current);
      next.add(element);
      var put = KvHttp.Request.put(key, String.join(",", next),
          read.status() == 200 ? read.etag() : OptionalLong.empty(), read.status() == 404);
      Answer a = kv.send(put, random);
      if (a.responded() && a.status() == 412) {
        continue; // another add won the race; this attempt changed nothing
      }
      return Outcomes.completeWrite(p, a);
    }
    p.fail("412 on all " + MAX_CAS_ATTEMPTS + " attempts");
    return false;
  }

  /** The elements a GET answer shows, or null when it is not a successful read. */
  private static Set<String> parse(Answer a) {
    if (a.responded() && a.status() == 404) {
      return Set.of();
    }
    if (a.responded() && a.status() == 200) {
      String body = a.bodyText();
      return body.isEmpty() ? Set.of() : new TreeSet<>(Arrays.asList(body.split(",")));
    }
    return null;
  }

  @Override
  public String appliedState(LabCluster cluster, KvHttp kv, String node) {
    String v = Outcomes.serializableValue(kv.sendTo(node, KvHttp.Request.get(key, true)));
    return v.equals("<absent>") ? "" : v;
  }

  @Override
  public List<String> lostWrites(History history, String appliedState) {
    Set<String> present = appliedState.isEmpty() ? Set.of() : Set.of(appliedState.split(","));
    List<String> lost = new ArrayList<>();
    for (Operation op : history.operations()) {
      if (op.outcome() == Outcome.OK && op.call() instanceof Call.SetAdd add && !present.contains(add.element())) {
        lost.add("acknowledged add " + add.element() + " missing");
      }
    }
    return lost;
  }

  @Override
  public void finalReads(KvHttp kv, HistoryRecorder recorder, int process, RandomGenerator random) {
    var p = recorder.invoke(process, new Call.SetRead(key));
    Answer a = kv.send(KvHttp.Request.get(key, false), random);
    Set<String> elements = parse(a);
    if (elements != null) {
      p.ok(new Reply.Elements(elements));
    } else {
      p.fail(a.describe());
    }
  }
}
