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
