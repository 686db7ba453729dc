package io.raftkv.raft.confchange;

import static org.assertj.core.api.Assertions.assertThat;

import io.raftkv.raft.proto.ConfChange;
import io.raftkv.raft.proto.ConfChangeSingle;
import io.raftkv.raft.proto.ConfChangeTransition;
import io.raftkv.raft.proto.ConfChangeType;
import io.raftkv.raft.proto.ConfState;
import io.raftkv.raft.tracker.TrackerConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/** Random change sequences keep the configuration well formed, or are refused leaving it untouched. */
class ConfChangerPropertyTest {

  @Property(tries = 300)
  void randomChangesKeepTheConfigurationWellFormed(
      @ForAll @Size(max = 30) List<@IntRange(min = 0, max = 59) Integer> script) {
    ConfChanger.Result r = ConfChanger.restore(ConfState.ofVoters(Set.of("a", "b", "c")), 10, 4);
    ConfChangeType[] types = ConfChangeType.values();
    ConfChangeTransition[] transitions = ConfChangeTransition.values();
    for (int step : script) {
      ConfChange cc;
      if (step >= 54) {
        cc = ConfChange.leaveJoint();
      } else {
        List<ConfChangeSingle> changes = new ArrayList<>();
        changes.add(new ConfChangeSingle(types[step % 3], String.valueOf((char) ('a' + (step / 3) % 6))));
        if (step % 2 == 0) {
          changes.add(new ConfChangeSingle(types[(step / 2) % 3], String.valueOf((char) ('a' + (step / 5) % 6))));
        }
        cc = new ConfChange(transitions[step % 3], changes);
      }
      TrackerConfig before = r.config();
      try {
        r = new ConfChanger(r.config(), r.progress(), 10, 4).apply(cc);
      } catch (InvalidConfChangeException refused) {
        assertThat(r.config()).isEqualTo(before);
        continue;
      }
      TrackerConfig cfg = r.config();
      assertThat(cfg.voters().incoming().ids()).isNotEmpty();
      assertThat(r.progress().keySet()).isEqualTo(cfg.members());
      for (String l : cfg.learners()) {
        assertThat(cfg.voters().contains(l)).as("learner %s is a voter", l).isFalse();
      }
      assertThat(cfg.voters().outgoing().ids()).containsAll(cfg.learnersNext());
      if (!cfg.isJoint()) {
        assertThat(cfg.learnersNext()).isEmpty();
        assertThat(cfg.autoLeave()).isFalse();
      }
      assertThat(TrackerConfig.of(cfg.toConfState())).isEqualTo(cfg);
    }
  }
}
