package io.raftkv.chaos.nemesis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.raftkv.chaos.cluster.ClusterOptions;
import io.raftkv.chaos.cluster.LabCluster;
import io.raftkv.chaos.rig.LabHost;
import io.raftkv.chaos.rig.ProbeServer;
import io.raftkv.chaos.rig.RigPreconditions;
import io.raftkv.chaos.rig.Shell;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Each nemesis against a 5-node lab cluster of real {@link ProbeServer} processes: partitions block
 * exactly the links their grudge names (probed with real TCP connects between namespaces), loss
 * installs the statistic rule on the chosen nodes only, kill and pause act on one process, and
 * heal restores a clean cluster.
 */
class NemesisSelfTest {

  private static LabCluster cluster;
  @TempDir static Path tmp;

  @BeforeAll
  static void startProbes() {
    var why = RigPreconditions.whyUnavailable();
    assumeTrue(why.isEmpty(), () -> "nemesis self-tests skipped: " + why.orElse(""));
    String cp = Path.of(ProbeServer.class.getProtectionDomain().getCodeSource().getLocation().getPath()).toString();
    cluster = LabCluster.start(new ClusterOptions(5, tmp, (host, all, dir) -> List.of("java", "-Xmx48m",
        "-XX:TieredStopAtLevel=1", "-cp", cp, ProbeServer.class.getName(), host.ip(),
        Integer.toString(ClusterOptions.CLIENT_PORT))));
    await().atMost(Duration.ofSeconds(60)).until(() -> cluster.nodeNames().stream().allMatch(NemesisSelfTest::answers));
  }

  @AfterAll
  static void stop() {
    if (cluster != null) {
      cluster.close();
    }
  }

  @AfterEach
  void healAndCheckClean() {
    if (cluster == null) {
      return;
    }
    cluster.healAll();
    for (String n : cluster.nodeNames()) {
      assertThat(cluster.firewall(n).rules()).isEmpty();
    }
    await().atMost(Duration.ofSeconds(30)).until(() -> cluster.nodeNames().stream().allMatch(NemesisSelfTest::answers));
  }

  @ParameterizedTest
  @EnumSource(value = PartitionNemesis.Shape.class, names = {"HALVES", "ISOLATE_LEADER", "MAJORITY_RING", "BRIDGE", "PARTIAL"})
  void partitionBlocksExactlyTheLinksOfItsGrudge(PartitionNemesis.Shape shape) {
    PartitionNemesis nemesis = new PartitionNemesis(shape);
    nemesis.inject(cluster, new SplittableRandom(shape.ordinal()));
    Grudge g = nemesis.lastGrudge();
    assertThat(g.drops()).isNotEmpty();

    Map<String, Boolean> observed = connectivity();
    for (String a : cluster.nodeNames()) {
      for (String b : cluster.nodeNames()) {
        if (!a.equals(b)) {
          assertThat(observed.get(a + ">" + b)).as("%s -> %s under %s", a, b, g.description())
              .isEqualTo(g.passes(a, b) && g.passes(b, a));
        }
      }
    }
    assertThat(cluster.nodeNames()).allMatch(NemesisSelfTest::answers); // clients still reach every node

    nemesis.heal(cluster);
    assertThat(connectivity()).doesNotContainValue(false);
  }

  @Test
  void oneWayInstallsASingleDropRule() {
    PartitionNemesis nemesis = new PartitionNemesis(PartitionNemesis.Shape.ONE_WAY);
    nemesis.inject(cluster, new SplittableRandom(7));
    Grudge g = nemesis.lastGrudge();
    assertThat(g.drops()).hasSize(1);
    var entry = g.drops().entrySet().iterator().next();
    String receiver = entry.getKey();
    String sender = entry.getValue().iterator().next();
    assertThat(cluster.firewall(receiver).rules()).singleElement().asString()
        .contains("-s " + cluster.host(sender).ip()).contains("DROP");
    cluster.nodeNames().stream().filter(n -> !n.equals(receiver))
        .forEach(n -> assertThat(cluster.firewall(n).rules()).isEmpty());
  }

  @Test
  void lossOnTwoNodesInstallsRulesOnExactlyTwo() {
    new LossNemesis(2, 0.2).inject(cluster, new SplittableRandom(3));
    long lossy = cluster.nodeNames().stream()
        .filter(n -> cluster.firewall(n).rules().stream().anyMatch(r -> r.contains("statistic"))).count();
    assertThat(lossy).isEqualTo(2);
  }

  @Test
  void killTakesOneNodeDownAndHealRestartsIt() {
    KillNemesis kill = new KillNemesis(false);
    String what = kill.inject(cluster, new SplittableRandom(11));
    List<String> dead = cluster.nodeNames().stream().filter(n -> !cluster.process(n).isAlive()).toList();
    assertThat(dead).hasSize(1);
    assertThat(what).contains(dead.get(0));
    assertThat(answers(dead.get(0))).isFalse();
    kill.heal(cluster);
    assertThat(cluster.process(dead.get(0)).isAlive()).isTrue();
    await().atMost(Duration.ofSeconds(30)).until(() -> answers(dead.get(0)));
  }

  @Test
  void pauseStopsOneNodeAndHealContinuesIt() {
    PauseNemesis pause = new PauseNemesis(true); // no leader among probes: falls back to a random node
    pause.inject(cluster, new SplittableRandom(5));
    List<String> stopped = cluster.nodeNames().stream().filter(n -> cluster.process(n).procState().equals("T")).toList();
    assertThat(stopped).hasSize(1);
    assertThat(answers(stopped.get(0))).isFalse();
    pause.heal(cluster);
    await().atMost(Duration.ofSeconds(10)).until(() -> answers(stopped.get(0)));
  }

  @Test
  void mixedScheduleInjectsAndHealsUntilStopped() {
    long origin = System.nanoTime();
    NemesisSchedule schedule = new NemesisSchedule(NemesisCatalog.create("mixed"), cluster, new SplittableRandom(9),
        Duration.ofMillis(200), Duration.ofMillis(400), origin);
    schedule.start();
    await().atMost(Duration.ofSeconds(30)).until(() -> schedule.injections() >= 4);
    schedule.stop();
    List<NemesisSchedule.Event> events = schedule.events();
    assertThat(events.get(events.size() - 1).what()).isEqualTo("heal");
    assertThat(events.stream().filter(e -> e.what().equals("heal")).count()).isEqualTo(schedule.injections());
  }

  /** For every ordered pair, whether a TCP connect from a's namespace to b's probe succeeds within 1 s. */
  private static Map<String, Boolean> connectivity() {
    Map<String, Boolean> out = new ConcurrentHashMap<>();
    List<CompletableFuture<Void>> all = new ArrayList<>();
    for (String a : cluster.nodeNames()) {
      for (String b : cluster.nodeNames()) {
        if (!a.equals(b)) {
          LabHost from = cluster.host(a);
          LabHost to = cluster.host(b);
          all.add(CompletableFuture.runAsync(() -> out.put(a + ">" + b, Shell.run(from.exec(List.of("timeout", "1",
              "bash", "-c", "exec 3<>/dev/tcp/" + to.ip() + "/" + ClusterOptions.CLIENT_PORT)), Duration.ofSeconds(10)).ok())));
        }
      }
    }
    all.forEach(CompletableFuture::join);
    return out;
  }

  private static boolean answers(String node) {
    try {
      HttpResponse<String> r = cluster.http().send(HttpRequest.newBuilder(URI.create(cluster.url(node) + "/ping"))
          .timeout(Duration.ofMillis(800)).build(), HttpResponse.BodyHandlers.ofString());
      return r.statusCode() == 200;
    } catch (Exception e) {
      return false;
    }
  }
}
