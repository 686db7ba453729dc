package io.raftkv.chaos.run;

import io.raftkv.chaos.check.CheckOptions;
import io.raftkv.chaos.check.CheckReports;
import io.raftkv.chaos.check.CheckResult;
import io.raftkv.chaos.check.LinearizabilityChecker;
import io.raftkv.chaos.check.WatchCheckResult;
import io.raftkv.chaos.cluster.ClusterOptions;
import io.raftkv.chaos.cluster.LabCluster;
import io.raftkv.chaos.cluster.RaftKvLauncher;
import io.raftkv.chaos.history.History;
import io.raftkv.chaos.history.HistoryRecorder;
import io.raftkv.chaos.nemesis.NemesisCatalog;
import io.raftkv.chaos.nemesis.NemesisSchedule;
import io.raftkv.chaos.workload.KvHttp;
import io.raftkv.chaos.workload.Workload;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one chaos experiment end to end and judges it.
 *
 * <p>Phases: start a lab cluster (with the workload's server flags) and wait for a leader; workload
 * setup; the workload's watchers start; clients and the nemesis schedule run for the configured duration; stop the nemesis and heal everything; measure how long
 * until a majority agrees on a leader; list the current members ({@code GET /v1/members}); wait
 * until every member is healthy; append final linearizable reads; wait until every member's
 * applied state (serializable reads) is identical; look for acknowledged writes missing on any
 * member; judge the watchers against the committed history; run the linearizability checker on
 * the history. The lab
 * is removed whatever happens.
 */
public final class ChaosRun {

  private static final Logger LOG = LoggerFactory.getLogger(ChaosRun.class);
  private static final Duration STARTUP = Duration.ofSeconds(60);
  private static final Duration RECOVERY = Duration.ofSeconds(30);
  /**
   * Upper bound of a client's random pause between operations. It keeps histories at a size the
   * linearizability search finishes within its budget (a few thousand operations per run) while
   * still overlapping operations of different clients.
   */
  private static final long THINK_MAX_NANOS = 20_000_000;

  private final RunConfig config;
  private final Path serverJar;
  private final Path workDir;
  /** The run's workload for a key prefix unique to the run. */
  private final Function<String, Workload> workloads;

  public ChaosRun(RunConfig config, Path serverJar, Path workDir) {
    this(config, serverJar, workDir, prefix -> WorkloadCatalog.create(config.workload(), prefix));
  }

  /** A run whose workload comes from {@code workloads} (tests give a watch workload a faulty watcher). */
  public ChaosRun(RunConfig config, Path serverJar, Path workDir, Function<String, Workload> workloads) {
    this.config = config;
    this.serverJar = serverJar;
    this.workDir = workDir.resolve(config.label());
    this.workloads = workloads;
  }

  public RunResult execute() {
    List<String> problems = new ArrayList<>();
    SplittableRandom seedRandom = new SplittableRandom(config.seed());
    List<String> serverArgs = new ArrayList<>(config.extraServerArgs());
    serverArgs.addAll(WorkloadCatalog.serverArgs(config.workload()));
    ClusterOptions opts = new ClusterOptions(config.nodes(), workDir,
        new RaftKvLauncher(serverJar, config.electionTimeoutMs(), config.heartbeatMs(), serverArgs));
    LOG.info("chaos run {} starting", config.label());
    // A previous run with the same label left data directories for a lab with other addresses.
    deleteRecursively(workDir);
    try (LabCluster cluster = LabCluster.start(opts)) {
      boolean up = Waits.until(STARTUP, () -> anyDead(cluster) || (cluster.leader().isPresent()
          && cluster.nodeNames().stream().allMatch(cluster::healthy)));
      if (anyDead(cluster) || !up) {
        throw new IllegalStateException("cluster " + config.label() + " did not come up within " + STARTUP
            + (anyDead(cluster) ? " (a node process exited)" : "") + "; first node's log:\n"
            + logTail(workDir.resolve(cluster.nodeNames().get(0) + ".log")));
      }
      KvHttp kv = new KvHttp(cluster, config.requestTimeout());
      Workload workload = workloads.apply("c" + config.seed() + "-");
      try {
        return run(cluster, kv, workload, seedRandom, problems);
      } finally {
        workload.stopWatchers();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  private RunResult run(LabCluster cluster, KvHttp kv, Workload workload, SplittableRandom seedRandom,
      List<String> problems) throws InterruptedException {
    HistoryRecorder recorder = new HistoryRecorder();
    recorder.attribute("run", config.label());
    recorder.attribute("nemesis", config.nemesis());
    recorder.attribute("workload", config.workload());
    recorder.attribute("seed", Long.toString(config.seed()));
    AtomicInteger nextProcess = new AtomicInteger();
    if (!setup(workload, kv, recorder, nextProcess, seedRandom.split())) {
      problems.add("workload setup failed");
    }

    // Their own random stream, so that adding watchers leaves every other choice of a seed as it was.
    workload.startWatchers(cluster, new SplittableRandom(config.seed() * 31 + 17));
    long origin = System.nanoTime();
    long deadline = origin + config.duration().toNanos();
    NemesisSchedule schedule = new NemesisSchedule(NemesisCatalog.create(config.nemesis()), cluster,
        seedRandom.split(), config.quiet(), config.hold(), origin);
    List<Thread> clients = new ArrayList<>();
    AtomicReference<Throwable> clientFailure = new AtomicReference<>();
    for (int c = 0; c < config.clients(); c++) {
      SplittableRandom r = seedRandom.split();
      Thread t = new Thread(() -> clientLoop(workload, kv, recorder, nextProcess, r, deadline),
          "client-" + c);
      t.setUncaughtExceptionHandler((th, e) -> clientFailure.compareAndSet(null, e));
      clients.add(t);
    }
    schedule.start();
    clients.forEach(Thread::start);
    for (Thread t : clients) {
      t.join();
    }
    long end = System.nanoTime();
    try {
      schedule.stop();
    } catch (IllegalStateException e) {
      problems.add(e.getMessage() + ": " + e.getCause());
    }
    if (clientFailure.get() != null) {
      problems.add("client thread died: " + clientFailure.get());
    }

    cluster.healAll();
    long healed = System.nanoTime();
    long leaderBack = Waits.until(RECOVERY, () -> cluster.leader().isPresent())
        ? (System.nanoTime() - healed) / 1_000_000 : -1;
    // The end-of-run checks read the current members only: a membership nemesis may have left a
    // node removed, and a removed node is not expected to have the writes made after it left.
    List<String> members = currentMembers(cluster, problems);
    if (!Waits.until(RECOVERY, () -> members.stream().allMatch(cluster::healthy))) {
      problems.add("not every member of " + members + " healthy " + RECOVERY.toSeconds() + " s after heal");
    }
    workload.finalReads(kv, recorder, nextProcess.getAndIncrement(), seedRandom.split());

    Map<String, String> applied = new LinkedHashMap<>();
    boolean converged = Waits.until(RECOVERY, () -> {
      applied.clear();
      for (String n : members) {
        applied.put(n, workload.appliedState(cluster, kv, n));
      }
      return applied.values().stream().distinct().count() == 1;
    });
    String divergence = converged ? "" : "nodes disagree: " + applied;

    History history = recorder.history();
    List<String> lost = new ArrayList<>();
    applied.forEach((node, state) -> workload.lostWrites(history, state).forEach(l -> lost.add(node + ": " + l)));
    WatchCheckResult watch = WatchCheckResult.notRun();
    try {
      watch = workload.checkWatchers(cluster, kv, history, members, workDir);
    } catch (RuntimeException e) {
      problems.add("watch check failed: " + e);
    }

    CheckOptions checkOptions = CheckOptions.defaults().withPartitionTimeLimit(Duration.ofSeconds(60))
        .withTotalTimeLimit(Duration.ofMinutes(3));
    CheckResult check = new LinearizabilityChecker(WorkloadCatalog.model(config.workload()), checkOptions)
        .check(history);
    CheckReports.Written files = CheckReports.write(workDir, history, check);
    String detail = check.isLinearizable() ? "" : truncate(check.render(history.originNanos(), false), 4000);
    RunResult result = new RunResult(config, HistoryStats.of(history, origin, end), check.verdict().name(),
        detail, lost, divergence, leaderBack, schedule.injections(), schedule.membershipChanges(), members, problems,
        watch, files.history());
    LOG.info("chaos run {} done: {} ops, verdict {}, lost {}, leader back {} ms, watch findings {}", config.label(),
        result.stats().operations(), result.linearizable(), lost.size(), leaderBack, watch.violations().size());
    return result;
  }

  private boolean setup(Workload workload, KvHttp kv, HistoryRecorder recorder, AtomicInteger nextProcess,
      SplittableRandom random) {
    for (int attempt = 0; attempt < 5; attempt++) {
      if (workload.setup(kv, recorder, nextProcess.getAndIncrement(), random)) {
        return true;
      }
    }
    return false;
  }

  private static void clientLoop(Workload workload, KvHttp kv, HistoryRecorder recorder, AtomicInteger nextProcess,
      SplittableRandom random, long deadline) {
    int process = nextProcess.getAndIncrement();
    while (System.nanoTime() < deadline) {
      java.util.concurrent.locks.LockSupport.parkNanos(random.nextLong(THINK_MAX_NANOS));
      if (workload.step(kv, recorder, process, random)) {
        // An UNKNOWN operation stays open forever; the client continues as a new process (Jepsen's
        // convention), keeping "one operation in flight per process" true in the history.
        process = nextProcess.getAndIncrement();
      }
    }
  }

  /**
   * The voters and learners of {@code GET /v1/members} (as the leader lists them, once a leader
   * lists them); every lab node, with a problem noted, when no node lists them in time.
   */
  private static List<String> currentMembers(LabCluster cluster, List<String> problems) {
    AtomicReference<List<String>> ids = new AtomicReference<>();
    boolean listed = Waits.until(RECOVERY, () -> {
      cluster.currentMembers().ifPresent(m -> ids.set(m.members().stream().map(io.raftkv.api.Members.Member::id).toList()));
      return ids.get() != null;
    });
    if (!listed) {
      problems.add("no node answered GET /v1/members " + RECOVERY.toSeconds() + " s after heal");
      return cluster.nodeNames();
    }
    List<String> unknown = ids.get().stream().filter(id -> !cluster.nodeNames().contains(id)).toList();
    if (!unknown.isEmpty()) {
      problems.add("members not in the lab: " + unknown);
    }
    List<String> retiredMembers = ids.get().stream().filter(cluster::isRetired).toList();
    if (!retiredMembers.isEmpty()) {
      problems.add("wiped and stopped nodes still listed as members: " + retiredMembers);
    }
    return ids.get().stream().filter(cluster.nodeNames()::contains).toList();
  }

  private static boolean anyDead(LabCluster cluster) {
    return cluster.nodeNames().stream().anyMatch(n -> !cluster.process(n).isAlive());
  }

  private static String logTail(Path log) {
    try {
      List<String> lines = java.nio.file.Files.readAllLines(log);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
    } catch (java.io.IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }

  private static void deleteRecursively(Path dir) {
    if (!java.nio.file.Files.exists(dir)) {
      return;
    }
    try (var paths = java.nio.file.Files.walk(dir)) {
      for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
        java.nio.file.Files.delete(p);
      }
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException("cannot clear " + dir, e);
    }
  }

  private static String truncate(String s, int max) {
    return s.length() <= max ? s : s.substring(0, max) + "\n...";
  }
}
