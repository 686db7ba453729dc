package io.raftkv.raft.tracker;

import io.raftkv.raft.proto.ConfState;
import io.raftkv.raft.quorum.JointConfig;
import io.raftkv.raft.quorum.MajorityConfig;
import java.util.Collections;
import java.util.NavigableSet;
import java.util.TreeSet;

/**
 * A membership configuration as the tracker uses it (etcd's tracker.Config).
 *
 * <p>Invariants: learners and voters are disjoint; {@code learnersNext} members are outgoing voters
 * that become learners when the joint configuration is left, so they are empty unless joint.
 */
public record TrackerConfig(
    JointConfig voters, NavigableSet<String> learners, NavigableSet<String> learnersNext, boolean autoLeave) {

  public TrackerConfig {
    learners = Collections.unmodifiableNavigableSet(new TreeSet<>(learners));
    learnersNext = Collections.unmodifiableNavigableSet(new TreeSet<>(learnersNext));
  }

  public static TrackerConfig empty() {
    return new TrackerConfig(JointConfig.empty(), new TreeSet<>(), new TreeSet<>(), false);
  }

  public static TrackerConfig of(ConfState cs) {
    return new TrackerConfig(
        new JointConfig(new MajorityConfig(cs.voters()), new MajorityConfig(cs.votersOutgoing())),
        new TreeSet<>(cs.learners()),
        new TreeSet<>(cs.learnersNext()),
        cs.autoLeave());
  }

  public ConfState toConfState() {
    return new ConfState(
        voters.incoming().ids(), learners, voters.outgoing().ids(), learnersNext, autoLeave);
  }

  public boolean isJoint() {
    return voters.isJoint();
  }

  /** Every member (voters of both halves, learners, learnersNext), sorted. */
  public NavigableSet<String> members() {
    TreeSet<String> all = new TreeSet<>(voters.ids());
    all.addAll(learners);
    all.addAll(learnersNext);
    return all;
  }

  public boolean isVoter(String id) {
    return voters.contains(id);
  }

  public boolean isLearner(String id) {
    return learners.contains(id);
  }
}
