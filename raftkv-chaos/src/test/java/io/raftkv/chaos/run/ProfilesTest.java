package io.raftkv.chaos.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.raftkv.chaos.nemesis.NemesisCatalog;
import java.util.HashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The run matrices cover what the profiles promise. */
class ProfilesTest {

  @Test
  void quickProfileRunsKillPausePartitionLossAndMembershipOnThreeNodes() {
    List<RunConfig> quick = Profiles.quick(new Properties());
    assertThat(quick).allMatch(c -> c.nodes() == 3);
    assertThat(quick).extracting(RunConfig::nemesis)
        .anyMatch(n -> n.startsWith("kill")).anyMatch(n -> n.startsWith("pause"))
        .anyMatch(n -> n.startsWith("partition")).anyMatch(n -> n.startsWith("loss"))
        .anyMatch(n -> n.startsWith("membership"));
    assertThat(quick).extracting(RunConfig::workload).containsAll(WorkloadCatalog.NAMES);
    quick.forEach(c -> NemesisCatalog.create(c.nemesis()));
  }

  @Test
  void quickProfileCanBeNarrowedToTheMembershipRun() {
    Properties p = new Properties();
    p.setProperty("raftkv.chaos.nemeses", "membership");
    assertThat(Profiles.quick(p)).extracting(RunConfig::nemesis).containsExactly("membership");
  }

  @Test
  void quickProfileHasOneShortThreeNodeWatchRunUnderKills() {
    List<RunConfig> watch = Profiles.quick(new Properties()).stream()
        .filter(c -> c.workload().equals(WorkloadCatalog.WATCH)).toList();
    assertThat(watch).singleElement().satisfies(c -> {
      assertThat(c.nodes()).isEqualTo(3);
      assertThat(c.nemesis()).startsWith("kill");
      assertThat(c.duration()).isLessThanOrEqualTo(java.time.Duration.ofSeconds(20));
    });
  }

  @Test
  void longProfileRunsWatchOnThreeAndFiveNodesUnderKillPauseAndPartition() {
    Properties p = new Properties();
    p.setProperty("raftkv.chaos.seeds", "1");
    Set<String> watch = new HashSet<>();
    for (RunConfig c : Profiles.longProfile(p)) {
      if (c.workload().equals(WorkloadCatalog.WATCH)) {
        watch.add(c.nodes() + "/" + c.nemesis().substring(0, c.nemesis().indexOf('-')));
      }
    }
    assertThat(watch).containsExactlyInAnyOrder("3/kill", "3/pause", "3/partition", "5/kill", "5/pause", "5/partition");
    p.setProperty("raftkv.chaos.workloads", "watch");
    assertThat(Profiles.longProfile(p)).hasSize(6).allMatch(c -> c.workload().equals(WorkloadCatalog.WATCH));
  }

  @Test
  void watchRunsDisableAutoCompactionSoTheCommittedHistoryIsWholeAtTheEnd() {
    assertThat(WorkloadCatalog.serverArgs(WorkloadCatalog.WATCH)).containsSequence(
        "--auto-compaction-retention-revisions", "0").containsSequence("--auto-compaction-retention-minutes", "0");
    assertThat(WorkloadCatalog.serverArgs("register")).isEmpty();
  }

  @Test
  void membershipMixesAreNamedAndCountTheirChanges() {
    for (String n : List.of("membership", "membership+kill", "membership+partition")) {
      assertThat(NemesisCatalog.create(n).name()).isEqualTo(n);
      assertThat(NemesisCatalog.create(n).membershipChanges()).isZero();
    }
  }

  @Test
  void longProfileMeetsEveryNemesisWithEveryWorkloadOnBothSizes() {
    List<RunConfig> runs = Profiles.longProfile(new Properties());
    Set<String> pairs = new HashSet<>();
    Set<String> sizes = new HashSet<>();
    for (RunConfig c : runs) {
      pairs.add(c.nemesis() + "/" + c.workload());
      sizes.add(c.nodes() + "/" + c.nemesis());
    }
    for (String n : NemesisCatalog.NAMES) {
      if (n.equals("none")) {
        continue;
      }
      for (String w : WorkloadCatalog.NAMES) {
        assertThat(pairs).contains(n + "/" + w);
      }
      assertThat(sizes).contains("3/" + n, "5/" + n);
    }
    assertThat(runs).extracting(RunConfig::seed).containsOnly(1L, 2L, 3L);
  }
}
