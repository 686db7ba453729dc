package io.raftkv.chaos.workload;

import io.raftkv.chaos.cluster.LabCluster;
import io.raftkv.chaos.history.Call;
import io.raftkv.chaos.history.History;
import io.raftkv.chaos.history.HistoryRecorder;
import io.raftkv.chaos.history.Reply;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicLong;
import java.util.random.RandomGenerator;

/**
 * Linearizable registers on a few keys: reads, blind writes, and compare-and-set, with values
 * unique across the run so the checker can tell every write apart.
 *
 * <p>A CAS is a linearizable GET (recorded as a read) followed by {@code PUT If-Match: "<rev>"}
 * (or {@code If-None-Match: *} when the key was absent), recorded as {@code cas(key, seen, new)}.
 * With unique values and no deletes, "modRevision is still rev" holds exactly when "the value is
 * still seen", so the HTTP precondition is the register model's compare.
 */
public final class RegisterWorkload implements Workload {

  private final String prefix;
  private final int keys;
  private final AtomicLong nextValue = new AtomicLong();

  public RegisterWorkload(String prefix, int keys) {
    this.prefix = prefix;
    this.keys = keys;
  }

  @Override
  public String name() {
    return "register";
  }

  @Override
  public boolean setup(KvHttp kv, HistoryRecorder recorder, int process, RandomGenerator random) {
    return true;
  }

  private String key(int i) {
    return prefix + "r" + i;
  }

  private String freshValue(int process) {
    return "v" + nextValue.incrementAndGet() + "p" + process;
  }

  @Override
  public boolean step(KvHttp kv, HistoryRecorder recorder, int process, RandomGenerator random) {
    String key = key(random.nextInt(keys));
    int dice = random.nextInt(10);
    if (dice < 4) {
      read(kv, recorder, process, key, random);
      return false;
    }
    if (dice < 7) {
      String value = freshValue(process);
      var p = recorder.invoke(process, new Call.Write(key, value));
      return Outcomes.completeWrite(p, kv.send(KvHttp.Request.put(key, value, OptionalLong.empty(), false), random));
    }
    Seen seen = read(kv, recorder, process, key, random);
    if (seen == null) {
      return false;
    }
    String value = freshValue(process);
    var p = recorder.invoke(process, new Call.Cas(key, seen.value, value));
    var req = KvHttp.Request.put(key, value, seen.value == null ? OptionalLong.empty() : seen.revision, seen.value == null);
    return Outcomes.completeWrite(p, kv.send(req, random));
  }

  private record Seen(String value, OptionalLong revision) {}

  /** A recorded linearizable read; null unless it was OK. */
  private Seen read(KvHttp kv, HistoryRecorder recorder, int process, String key, RandomGenerator random) {
    var p = recorder.invoke(process, new Call.Read(key));
    Answer a = kv.send(KvHttp.Request.get(key, false), random);
    if (a.responded() && a.status() == 200) {
      if (a.etag().isEmpty()) {
        p.fail("200 without ETag");
        return null;
      }
      p.ok(new Reply.Value(a.bodyText()));
      return new Seen(a.bodyText(), a.etag());
    }
    if (a.responded() && a.status() == 404) {
      p.ok(Reply.Value.absent());
      return new Seen(null, OptionalLong.empty());
    }
    // A read that got no answer has no effect on the register, so it is a failure, never UNKNOWN.
    p.fail(a.describe());
    return null;
  }

  @Override
  public String appliedState(LabCluster cluster, KvHttp kv, String node) {
    return Outcomes.serializableValues(kv, node, java.util.stream.IntStream.range(0, keys).mapToObj(this::key).toList());
  }

  @Override
  public List<String> lostWrites(History history, String appliedState) {
    // A register keeps only its last write; whether that is the right one is the checker's job,
    // fed by finalReads. Here: the final value must be one some client wrote.
    List<String> problems = new java.util.ArrayList<>();
    for (String kv : appliedState.split(" ")) {
      String value = kv.substring(kv.indexOf('=') + 1);
      if (!value.equals("<absent>") && history.operations().stream().noneMatch(op -> writes(op.call(), value))) {
        problems.add(kv + " was never written by any client");
      }
    }
    return problems;
  }

  private static boolean writes(Call call, String value) {
    return (call instanceof Call.Write w && w.value().equals(value)) || (call instanceof Call.Cas c && c.value().equals(value));
  }

  @Override
  public void finalReads(KvHttp kv, HistoryRecorder recorder, int process, RandomGenerator random) {
    for (int i = 0; i < keys; i++) {
      read(kv, recorder, process, key(i), random);
    }
  }
}
