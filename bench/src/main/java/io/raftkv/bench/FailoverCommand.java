package io.raftkv.bench;

import io.raftkv.cli.bench.TargetKind;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code failover}: kills the leader with SIGKILL {@code --rounds} times and measures, each time, the wall
 * time from the kill to the first acknowledged write.
 *
 * <p>Member i (0-based, in {@code --endpoints} order) is described by two files in {@code --nodes-dir}:
 * {@code n<i+1>.pid} (its pid) and {@code start-n<i+1>.sh} (restarts it in the background on the same data and
 * rewrites the pid file). After the kill, a write is sent every {@code --probe-interval-ms} to each surviving
 * member in turn, each a single attempt bound to that member; the first acknowledgement ends the round, so the
 * time is the cluster's (detection, election, first commit) and not a client's retry policy. Then the killed
 * member is restarted and the cluster must be whole again (all members answer, a leader exists) before the next
 * round.
 */
@Command(name = "failover", sortOptions = false, mixinStandardHelpOptions = true,
    description = "Kill -9 the leader repeatedly; time from kill to the first successful write.")
final class FailoverCommand implements Callable<Integer> {

  @Spec
  CommandSpec spec;

  @Option(names = "--target", required = true, converter = TargetKindConverter.class,
      description = "raftkv or etcd.")
  TargetKind target;

  @Option(names = "--endpoints", split = ",", required = true, paramLabel = "URL",
      description = "The members' client endpoints, in node order.")
  List<String> endpoints;

  @Option(names = "--nodes-dir", required = true, description = "Directory with n<i>.pid and start-n<i>.sh.")
  Path nodesDir;

  @Option(names = "--rounds", defaultValue = "10", description = "Leader kills (default: ${DEFAULT-VALUE}).")
  int rounds;

  @Option(names = "--probe-interval-ms", defaultValue = "5",
      description = "Interval between write attempts after the kill (default: ${DEFAULT-VALUE}).")
  long probeIntervalMs;

  @Option(names = "--give-up-s", defaultValue = "20", description = "Longest wait for a write (default: ${DEFAULT-VALUE}).")
  long giveUpSeconds;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    byte[] value = "failover-probe-value".getBytes(java.nio.charset.StandardCharsets.UTF_8);
    List<Double> millis = new ArrayList<>();
    try (ClusterProbe probe = ClusterProbe.of(target, endpoints)) {
      for (int round = 1; round <= rounds; round++) {
        int leader = awaitWholeCluster(probe, value);
        long pid = Long.parseLong(Files.readString(pidFile(leader)).trim());
        ProcessHandle victim = ProcessHandle.of(pid)
            .orElseThrow(() -> new IllegalStateException("leader n" + (leader + 1) + " pid " + pid + " is not running"));
        long killedAt = System.nanoTime();
        victim.destroyForcibly(); // SIGKILL on Unix
        long ackAt = firstAcknowledgedWrite(probe, leader, round, value, killedAt);
        double ms = (ackAt - killedAt) / 1e6;
        millis.add(ms);
        err.printf(Locale.ROOT, "%s round %d: killed leader n%d (pid %d), first write acknowledged after %.1f ms%n",
            target, round, leader + 1, pid, ms);
        err.flush();
        victim.onExit().get(10, TimeUnit.SECONDS);
        restart(leader);
      }
      awaitWholeCluster(probe, value);
    }
    Collections.sort(millis);
    double median = millis.size() % 2 == 1 ? millis.get(millis.size() / 2)
        : (millis.get(millis.size() / 2 - 1) + millis.get(millis.size() / 2)) / 2;
    out.printf(Locale.ROOT, "failover %s rounds=%d median_ms=%.1f max_ms=%.1f min_ms=%.1f all_ms=%s%n", target,
        millis.size(), median, millis.get(millis.size() - 1), millis.get(0),
        String.join(",", millis.stream().map(m -> String.format(Locale.ROOT, "%.0f", m)).toList()));
    out.flush();
    return 0;
  }

  /** Fires a write at a survivor every probe interval until one is acknowledged; returns the ack time. */
  private long firstAcknowledgedWrite(ClusterProbe probe, int killed, int round, byte[] value, long killedAt)
      throws InterruptedException {
    AtomicLong firstAck = new AtomicLong(Long.MAX_VALUE);
    long giveUpAt = killedAt + TimeUnit.SECONDS.toNanos(giveUpSeconds);
    List<CompletableFuture<?>> sent = new ArrayList<>();
    for (long attempt = 0; firstAck.get() == Long.MAX_VALUE; attempt++) {
      if (System.nanoTime() > giveUpAt) {
        throw new IllegalStateException(target + ": no write acknowledged within " + giveUpSeconds + " s of the kill");
      }
      int member = (killed + 1 + (int) (attempt % (endpoints.size() - 1))) % endpoints.size();
      sent.add(probe.put(member, "failover/round-" + round, value).whenComplete((r, e) -> {
        if (e == null) {
          long now = System.nanoTime();
          firstAck.accumulateAndGet(now, Math::min);
        }
      }));
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(probeIntervalMs));
    }
    // Let the outstanding attempts finish so they do not spill into the next round.
    CompletableFuture.allOf(sent.stream().map(f -> f.exceptionally(e -> null)).toArray(CompletableFuture[]::new))
        .exceptionally(e -> null).join();
    return firstAck.get();
  }

  /** Waits until every member answers, one of them leads, and a write through the leader succeeds. */
  private int awaitWholeCluster(ClusterProbe probe, byte[] value) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < deadline) {
      try {
        for (int i = 0; i < endpoints.size(); i++) {
          probe.ping(i).get(2, TimeUnit.SECONDS);
        }
        int leader = probe.leader();
        if (leader >= 0) {
          probe.put(leader, "failover/ready", value).get(2, TimeUnit.SECONDS);
          return leader;
        }
      } catch (Exception e) {
        // Not whole yet: a member is still starting or an election is running.
      }
      Thread.sleep(100); // polling interval of a readiness wait, not synchronization of a test
    }
    throw new IllegalStateException(target + ": cluster not whole within 60 s");
  }

  private void restart(int member) throws IOException, InterruptedException {
    Path script = nodesDir.resolve("start-n" + (member + 1) + ".sh");
    Process p = new ProcessBuilder("bash", script.toString()).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IllegalStateException("restart script " + script + " failed");
    }
  }

  private Path pidFile(int member) {
    return nodesDir.resolve("n" + (member + 1) + ".pid");
  }
}
