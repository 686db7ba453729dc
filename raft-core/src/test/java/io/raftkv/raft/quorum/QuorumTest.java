package io.raftkv.raft.quorum;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class QuorumTest {

  private static AckedIndexer acks(Map<String, Long> m) {
    return id -> m.getOrDefault(id, 0L);
  }

  @Test
  void majorityCommittedIndexIsTheMedianForOddSizes() {
    MajorityConfig c = new MajorityConfig(Set.of("a", "b", "c"));
    assertThat(c.committedIndex(acks(Map.of("a", 5L, "b", 9L, "c", 7L)))).isEqualTo(7);
    assertThat(c.committedIndex(acks(Map.of("a", 5L)))).isZero();
    MajorityConfig five = new MajorityConfig(Set.of("a", "b", "c", "d", "e"));
    assertThat(five.committedIndex(acks(Map.of("a", 1L, "b", 2L, "c", 3L, "d", 4L, "e", 5L)))).isEqualTo(3);
  }

  @Test
  void evenSizesNeedMoreThanHalf() {
    MajorityConfig c = new MajorityConfig(Set.of("a", "b", "c", "d"));
    // Only two of four hold 9: not a majority; three hold 5.
    assertThat(c.committedIndex(acks(Map.of("a", 9L, "b", 9L, "c", 5L, "d", 1L)))).isEqualTo(5);
  }

  @Test
  void emptyMajorityIsNeutralInJointConfigs() {
    assertThat(MajorityConfig.empty().committedIndex(id -> 3)).isEqualTo(Long.MAX_VALUE);
    JointConfig notJoint = new JointConfig(new MajorityConfig(Set.of("a")), MajorityConfig.empty());
    assertThat(notJoint.committedIndex(id -> 4)).isEqualTo(4);
    assertThat(JointConfig.empty().committedIndex(id -> 4)).isZero();
  }

  @Test
  void jointCommitNeedsBothMajorities() {
    JointConfig j = new JointConfig(new MajorityConfig(Set.of("a", "b", "c")), new MajorityConfig(Set.of("c", "d", "e")));
    Map<String, Long> m = new HashMap<>(Map.of("a", 10L, "b", 10L, "c", 3L, "d", 2L, "e", 1L));
    assertThat(j.committedIndex(acks(m))).isEqualTo(2);
    m.put("d", 10L);
    m.put("c", 8L);
    assertThat(j.committedIndex(acks(m))).isEqualTo(8);
    assertThat(j.ids()).containsExactly("a", "b", "c", "d", "e");
  }

  @Test
  void voteResults() {
    MajorityConfig c = new MajorityConfig(Set.of("a", "b", "c"));
    assertThat(c.voteResult(Map.of("a", true))).isEqualTo(VoteResult.PENDING);
    assertThat(c.voteResult(Map.of("a", true, "b", true))).isEqualTo(VoteResult.WON);
    assertThat(c.voteResult(Map.of("a", true, "b", false, "c", false))).isEqualTo(VoteResult.LOST);
    assertThat(c.voteResult(Map.of("b", false, "c", false))).isEqualTo(VoteResult.LOST);
    assertThat(MajorityConfig.empty().voteResult(Map.of())).isEqualTo(VoteResult.WON);
  }

  @Test
  void jointVoteLosesIfEitherHalfLoses() {
    JointConfig j = new JointConfig(new MajorityConfig(Set.of("a", "b", "c")), new MajorityConfig(Set.of("c", "d", "e")));
    assertThat(j.voteResult(Map.of("a", true, "b", true))).isEqualTo(VoteResult.PENDING);
    assertThat(j.voteResult(Map.of("a", true, "b", true, "c", true, "d", true))).isEqualTo(VoteResult.WON);
    assertThat(j.voteResult(Map.of("a", true, "b", true, "d", false, "e", false))).isEqualTo(VoteResult.LOST);
  }
}
