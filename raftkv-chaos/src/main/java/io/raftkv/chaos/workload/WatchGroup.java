package io.raftkv.chaos.workload;

import io.raftkv.api.ApiJson;
import io.raftkv.api.ErrorKind;
import io.raftkv.api.KeyValue;
import io.raftkv.api.RangeResult;
import io.raftkv.api.WatchEvent;
import io.raftkv.api.WatchResponse;
import io.raftkv.chaos.check.WatchCheckResult;
import io.raftkv.chaos.check.WatchChecker;
import io.raftkv.chaos.cluster.LabCluster;
import io.raftkv.chaos.history.WatchLog;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

/**
 * The watchers of one watch run and their end-of-run check.
 *
 * <p>{@link #start} starts the watchers (each from revision 1 on a random node). {@link #finish}, once
 * the cluster is healed and the writers are done, reads the final revision and state (a linearizable
 * range read), waits until every watcher has caught up with it, stops them, reads the committed
 * history from revision 1 on every member (the copies must be identical, replaying one must give the
 * final state, and every acknowledged write must be in it) and judges every watcher against it with
 * the {@link WatchChecker}. Owns the watchers; {@link #stop} ends them on any path.
 */
public final class WatchGroup {

  private static final Duration CATCH_UP = Duration.ofSeconds(30);

  private final String prefix;
  private final int count;
  private final WatchTap tap;
  private final List<Watcher> watchers = new ArrayList<>();

  /** {@code count} watchers of {@code prefix}, their messages passed through {@code tap}. */
  public WatchGroup(String prefix, int count, WatchTap tap) {
    this.prefix = prefix;
    this.count = count;
    this.tap = tap;
  }

  public void start(LabCluster cluster, SplittableRandom random) {
    for (int i = 0; i < count; i++) {
      Watcher w = new Watcher("w" + i, cluster, prefix, random.split(), tap);
      watchers.add(w);
      w.start();
    }
  }

  /** Ends every watcher still running (idempotent). */
  public List<WatchLog> stop() throws InterruptedException {
    List<WatchLog> logs = new ArrayList<>();
    for (Watcher w : watchers) {
      logs.add(w.stop());
    }
    return logs;
  }

  /**
   * The end-of-run check.
   *
   * @param members the current members, each of which must serve the same committed history
   * @param acknowledged what acknowledged writes must have put: per revision (0 when the writer did not
   *     learn it), the keys and values
   * @param written every value a client tried to write (a committed value outside it was made up)
   * @param workDir where {@code watch.txt} (the reference and every stream) is written
   */
  public WatchCheckResult finish(LabCluster cluster, KvHttp kv, List<String> members, List<AckedWrite> acknowledged,
      java.util.Set<String> written, Path workDir) throws InterruptedException {
    List<String> problems = new ArrayList<>();
    RangeResult last = finalState(kv, 0);
    long finalRevision = last.revision();
    boolean caughtUp = awaitCatchUp(cluster, members, finalRevision);
    List<WatchLog> logs = stop();
    long through = Math.max(finalRevision, watchers.stream().mapToLong(Watcher::position).max().orElse(0));
    if (!caughtUp) {
      problems.add("watchers not at revision " + finalRevision + " " + CATCH_UP.toSeconds() + " s after heal: "
          + watchers.stream().map(w -> Long.toString(w.position())).collect(Collectors.joining(", ")));
    }
    List<WatchResponse> reference = null;
    String referenceNode = null;
    for (String node : members) {
      List<WatchResponse> copy;
      try {
        copy = CommittedHistory.read(Watcher.address(cluster.url(node)), prefix, through);
      } catch (IOException | RuntimeException e) {
        problems.add("committed history unreadable on " + node + ": " + e.getMessage());
        continue;
      }
      if (reference == null) {
        reference = copy;
        referenceNode = node;
      } else if (!reference.equals(copy)) {
        problems.add("committed history differs between " + referenceNode + " and " + node + ": "
            + firstDifference(reference, copy));
      }
    }
    if (reference == null) {
      return new WatchCheckResult(count, 0, 0, 0, 0, problems);
    }
    Map<String, KeyValue> replayed = CommittedHistory.replay(reference);
    Map<String, KeyValue> state = new java.util.TreeMap<>();
    finalState(kv, through).kvs().forEach(e -> state.put(e.key(), e));
    if (!replayed.equals(state)) {
      problems.add("replaying the committed history through " + through + " gives " + render(replayed)
          + " but a read at that revision gives " + render(state));
    }
    problems.addAll(missingWrites(reference, acknowledged, written));
    WatchCheckResult result = WatchChecker.check(reference, through, logs).withViolations(problems);
    writeEvidence(workDir, referenceNode, reference, logs, result);
    return result;
  }

  /** A write the store acknowledged: its revision (0 if unknown) and the values it put. */
  public record AckedWrite(long revision, Map<String, String> puts) {}

  private static List<String> missingWrites(List<WatchResponse> reference, List<AckedWrite> acknowledged,
      java.util.Set<String> written) {
    List<String> problems = new ArrayList<>();
    Map<Long, List<WatchEvent>> byRevision = new java.util.HashMap<>();
    java.util.Set<String> committedPuts = new java.util.HashSet<>();
    for (WatchResponse r : reference) {
      byRevision.put(r.revision(), r.events());
      for (WatchEvent e : r.events()) {
        if (e.type() == WatchEvent.Type.PUT) {
          committedPuts.add(e.kv().key() + "=" + e.kv().valueAsString());
          if (!written.contains(e.kv().valueAsString())) {
            problems.add("committed revision " + r.revision() + " puts a value no client wrote: "
                + WatchChecker.describe(List.of(e)));
          }
        }
      }
    }
    for (AckedWrite w : acknowledged) {
      for (Map.Entry<String, String> put : w.puts().entrySet()) {
        boolean found = w.revision() == 0 ? committedPuts.contains(put.getKey() + "=" + put.getValue())
            : byRevision.getOrDefault(w.revision(), List.of()).stream().anyMatch(e -> e.type() == WatchEvent.Type.PUT
                && e.kv().key().equals(put.getKey()) && e.kv().valueAsString().equals(put.getValue()));
        if (!found) {
          problems.add("acknowledged write " + put.getKey() + "=" + put.getValue()
              + (w.revision() == 0 ? "" : " at revision " + w.revision()) + " is not in the committed history");
        }
      }
    }
    return problems;
  }

  /** Every watcher at {@code revision}; bookmarks are asked for on every member meanwhile. */
  private boolean awaitCatchUp(LabCluster cluster, List<String> members, long revision) {
    try {
      Awaitility.await().atMost(CATCH_UP).pollInterval(Duration.ofMillis(500)).pollInSameThread().until(() -> {
        members.forEach(n -> askProgress(cluster, n));
        return watchers.stream().allMatch(w -> w.position() >= revision);
      });
      return true;
    } catch (ConditionTimeoutException e) {
      return false;
    }
  }

  private static void askProgress(LabCluster cluster, String node) {
    try {
      cluster.http().send(HttpRequest.newBuilder(cluster.url(node).resolve("/v1/watch/progress"))
          .timeout(Duration.ofSeconds(1)).POST(HttpRequest.BodyPublishers.noBody()).build(),
          HttpResponse.BodyHandlers.discarding());
    } catch (IOException e) {
      // A node that does not answer sends no bookmark; its watchers move on after their read timeout.
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** A linearizable read of the prefix at {@code revision} (0: now), retried for {@link #CATCH_UP}. */
  private RangeResult finalState(KvHttp kv, long revision) {
    String path = "/v1/kv?prefix=" + URLEncoder.encode(prefix, StandardCharsets.UTF_8) + "&limit=10000"
        + (revision > 0 ? "&revision=" + revision : "");
    KvHttp.Request request = new KvHttp.Request("GET", path, Map.of(), null);
    SplittableRandom random = new SplittableRandom(revision);
    AtomicReference<RangeResult> result = new AtomicReference<>();
    AtomicReference<String> lastAnswer = new AtomicReference<>("none");
    try {
      Awaitility.await().atMost(CATCH_UP).pollInterval(Duration.ofMillis(200)).pollInSameThread().until(() -> {
        Answer a = kv.send(request, random);
        lastAnswer.set(a.describe() + (a.responded() ? " " + a.bodyText() : ""));
        if (a.responded() && a.status() == 200) {
          result.set(ApiJson.readRange(ApiJson.readTree(a.body(), ErrorKind.INTERNAL)));
        }
        return result.get() != null;
      });
    } catch (ConditionTimeoutException e) {
      throw new IllegalStateException("no final read of " + path + " within " + CATCH_UP + ": " + lastAnswer.get(), e);
    }
    return result.get();
  }

  private static String firstDifference(List<WatchResponse> a, List<WatchResponse> b) {
    for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
      if (!a.get(i).equals(b.get(i))) {
        return "revision " + a.get(i).revision() + " " + WatchChecker.describe(a.get(i).events()) + " vs revision "
            + b.get(i).revision() + " " + WatchChecker.describe(b.get(i).events());
      }
    }
    return a.size() + " vs " + b.size() + " revisions";
  }

  private static String render(Map<String, KeyValue> state) {
    return state.values().stream().map(e -> e.key() + "=" + e.valueAsString() + "@" + e.modRevision())
        .collect(Collectors.joining(", ", "{", "}"));
  }

  /** {@code watch.txt}: the findings, the reference, and every stream of every watcher. */
  private static void writeEvidence(Path workDir, String node, List<WatchResponse> reference, List<WatchLog> logs,
      WatchCheckResult result) {
    StringBuilder b = new StringBuilder("findings: ").append(result.violations().size()).append('\n');
    result.violations().forEach(v -> b.append("  ").append(v).append('\n'));
    b.append("committed history (from ").append(node).append("):\n");
    reference.forEach(r -> b.append("  ").append(r.revision()).append(' ').append(WatchChecker.describe(r.events()))
        .append('\n'));
    for (WatchLog log : logs) {
      b.append(log.watcher()).append(":\n");
      for (WatchLog.Connection c : log.connections()) {
        b.append("  ").append(c.node()).append(" from ").append(c.startRevision()).append(": ")
            .append(c.messages().stream().map(m -> m.progress() ? "b" + m.revision() : Long.toString(m.revision()))
                .collect(Collectors.joining(" ")))
            .append(" | ").append(Objects.toString(c.end(), "")).append('\n');
      }
    }
    try {
      Files.createDirectories(workDir);
      Files.writeString(workDir.resolve("watch.txt"), b);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
