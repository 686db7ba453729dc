package io.raftkv.raft.confchange;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.raftkv.raft.proto.ConfChange;
import io.raftkv.raft.proto.ConfChangeSingle;
import io.raftkv.raft.proto.ConfChangeTransition;
import io.raftkv.raft.proto.ConfChangeType;
import io.raftkv.raft.proto.ConfState;
import io.raftkv.raft.tracker.TrackerConfig;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ConfChangerTest {

  private static ConfChangeSingle add(String id) {
    return new ConfChangeSingle(ConfChangeType.ADD_NODE, id);
  }

  private static ConfChangeSingle learner(String id) {
    return new ConfChangeSingle(ConfChangeType.ADD_LEARNER, id);
  }

  private static ConfChangeSingle remove(String id) {
    return new ConfChangeSingle(ConfChangeType.REMOVE_NODE, id);
  }

  private static ConfChanger.Result start(ConfState cs) {
    return ConfChanger.restore(cs, 10, 4);
  }

  private static ConfChanger.Result apply(ConfChanger.Result r, ConfChange cc) {
    return new ConfChanger(r.config(), r.progress(), 10, 4).apply(cc);
  }

  @Test
  void simpleAddRemoveAndLearners() {
    ConfChanger.Result r = start(ConfState.ofVoters(Set.of("a", "b", "c")));
    r = apply(r, ConfChange.of(add("d")));
    assertThat(r.config().voters().incoming().ids()).containsExactly("a", "b", "c", "d");
    assertThat(r.progress()).containsKey("d");
    r = apply(r, ConfChange.of(learner("e")));
    assertThat(r.config().learners()).containsExactly("e");
    r = apply(r, ConfChange.of(add("e"))); // promotion
    assertThat(r.config().learners()).isEmpty();
    assertThat(r.config().isVoter("e")).isTrue();
    r = apply(r, ConfChange.of(learner("a"))); // demotion
    assertThat(r.config().learners()).containsExactly("a");
    r = apply(r, ConfChange.of(remove("a")));
    assertThat(r.progress()).doesNotContainKey("a");
    assertThat(r.config().isJoint()).isFalse();
  }

  @Test
  void simpleChangeMayTouchAtMostOneVoter() {
    ConfChanger.Result r = start(ConfState.ofVoters(Set.of("a", "b", "c")));
    ConfChange two = new ConfChange(ConfChangeTransition.AUTO, List.of(add("d"), add("e")));
    // AUTO with two changes enters a joint configuration instead.
    ConfChanger.Result j = apply(r, two);
    assertThat(j.config().isJoint()).isTrue();
    assertThat(j.config().autoLeave()).isTrue();
  }

  @Test
  void jointEnterAndLeaveReplacesEveryVoter() {
    ConfChanger.Result r = start(ConfState.ofVoters(Set.of("a", "b", "c")));
    ConfChange replace = new ConfChange(ConfChangeTransition.JOINT_EXPLICIT,
        List.of(add("d"), add("e"), remove("a"), learner("b")));
    r = apply(r, replace);
    TrackerConfig cfg = r.config();
    assertThat(cfg.voters().incoming().ids()).containsExactly("c", "d", "e");
    assertThat(cfg.voters().outgoing().ids()).containsExactly("a", "b", "c");
    assertThat(cfg.learnersNext()).containsExactly("b");
    assertThat(cfg.autoLeave()).isFalse();
    assertThat(r.progress()).containsKeys("a", "b", "c", "d", "e");
    ConfState cs = cfg.toConfState();
    assertThat(cs.isJoint()).isTrue();

    ConfChanger.Result pending = r;
    assertThatThrownBy(() -> apply(pending, ConfChange.of(add("f")))).isInstanceOf(InvalidConfChangeException.class);

    r = apply(r, ConfChange.leaveJoint());
    assertThat(r.config().isJoint()).isFalse();
    assertThat(r.config().voters().incoming().ids()).containsExactly("c", "d", "e");
    assertThat(r.config().learners()).containsExactly("b");
    assertThat(r.progress().keySet()).containsExactly("b", "c", "d", "e");
  }

  @Test
  void invalidChangesAreRejectedWithoutTouchingTheInput() {
    ConfChanger.Result r = start(ConfState.ofVoters(Set.of("a")));
    assertThatThrownBy(() -> apply(r, ConfChange.of(remove("a")))).isInstanceOf(InvalidConfChangeException.class)
        .hasMessageContaining("removed all voters");
    assertThatThrownBy(() -> apply(r, ConfChange.leaveJoint())).isInstanceOf(InvalidConfChangeException.class);
    assertThat(r.config().voters().incoming().ids()).containsExactly("a");
  }

  @Test
  void restoreFromAJointConfState() {
    ConfState cs = new ConfState(Set.of("a", "b"), Set.of("x"), Set.of("a", "c"), Set.of("c"), true);
    ConfChanger.Result r = start(cs);
    assertThat(r.config().toConfState()).isEqualTo(cs);
    assertThat(r.progress().get("x").isLearner()).isTrue();
    assertThat(r.progress().get("c").isLearner()).as("learnersNext still votes in C_old").isFalse();
  }

  @Test
  void foundingMembershipChangeBootstrapsAnEmptyNodeAndIsANoOpOnMembers() {
    ConfChanger.Result founders = start(ConfState.ofVoters(Set.of("a", "b", "c")));
    ConfChange founding = ConfChanger.bootstrapChange(founders.config());
    ConfChanger.Result same = apply(founders, founding);
    assertThat(same.config()).isEqualTo(founders.config());
    ConfChanger.Result joiner = apply(start(ConfState.EMPTY), founding);
    assertThat(joiner.config().voters().incoming().ids()).containsExactly("a", "b", "c");
    assertThat(joiner.config().isJoint()).isFalse();
    assertThatThrownBy(() -> apply(start(ConfState.EMPTY), ConfChange.of(learner("z"))))
        .isInstanceOf(InvalidConfChangeException.class);
  }
}
