package io.raftkv.raft.confchange;

import io.raftkv.raft.proto.ConfChange;
import io.raftkv.raft.proto.ConfChangeSingle;
import io.raftkv.raft.proto.ConfChangeTransition;
import io.raftkv.raft.proto.ConfState;
import io.raftkv.raft.quorum.JointConfig;
import io.raftkv.raft.quorum.MajorityConfig;
import io.raftkv.raft.tracker.Progress;
import io.raftkv.raft.tracker.TrackerConfig;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Computes the configuration that results from a {@link ConfChange} (thesis §4.3, etcd's confchange).
 * Works on copies and never mutates the given {@link Progress} objects (learner flags are set when the
 * result is installed by {@link io.raftkv.raft.tracker.ProgressTracker#apply}), so a failed or dry-run
 * change leaves the node untouched.
 *
 * <ul>
 *   <li>Simple: at most one voter added or removed, no joint phase (§4.1: any two majorities of
 *       configurations differing by one voter overlap).
 *   <li>Enter joint: C_old,new, where decisions need a majority of both (§4.3); with autoLeave the
 *       leader proposes the leave by itself once the joint config is applied.
 *   <li>Leave joint: C_new alone; outgoing voters that were demoted become learners.
 * </ul>
 */
public final class ConfChanger {

  public record Result(TrackerConfig config, NavigableMap<String, Progress> progress) {}

  private final TrackerConfig base;
  private final NavigableMap<String, Progress> baseProgress;
  private final long lastIndex;
  private final int maxInflight;

  // Working copies.
  private TreeSet<String> incoming;
  private TreeSet<String> outgoing;
  private TreeSet<String> learners;
  private TreeSet<String> learnersNext;
  private TreeMap<String, Progress> progress;

  public ConfChanger(TrackerConfig base, NavigableMap<String, Progress> progress, long lastIndex, int maxInflight) {
    this.base = base;
    this.baseProgress = progress;
    this.lastIndex = lastIndex;
    this.maxInflight = maxInflight;
  }

  /**
   * Applies {@code cc} following etcd's ConfChangeV2 semantics, plus two rules for the founding
   * membership (see {@link #bootstrapChange}): on a node that has no voters yet, a change made only of
   * additions sets the membership to exactly those members; a change made only of additions that are
   * already in place changes nothing (it does not enter a joint configuration).
   */
  public Result apply(ConfChange cc) {
    if (base.voters().incoming().isEmpty() && !base.isJoint()) {
      return bootstrap(cc);
    }
    if (isAlreadyApplied(cc)) {
      return new Result(base, new TreeMap<>(baseProgress));
    }
    if (cc.isLeaveJoint()) {
      return leaveJoint();
    }
    if (cc.transition() != ConfChangeTransition.AUTO || cc.changes().size() > 1) {
      boolean autoLeave = cc.transition() != ConfChangeTransition.JOINT_EXPLICIT;
      return enterJoint(autoLeave, cc);
    }
    return simple(cc);
  }

  /**
   * The change that describes a founding membership: ADD_NODE for every voter and ADD_LEARNER for every
   * learner. The first leader of a fresh cluster appends it at index 1 (instead of a no-op), so that a
   * member that joins later with empty storage and replays the log from index 1 learns the founding
   * membership (in etcd, bootstrap writes such entries); on the founding members it is a no-op.
   *
   * @return the change, or null for a joint or empty founding membership (not expressible this way)
   */
  public static ConfChange bootstrapChange(TrackerConfig cfg) {
    if (cfg.isJoint() || cfg.voters().incoming().isEmpty()) {
      return null;
    }
    java.util.List<ConfChangeSingle> changes = new java.util.ArrayList<>();
    for (String v : cfg.voters().incoming().ids()) {
      changes.add(new ConfChangeSingle(io.raftkv.raft.proto.ConfChangeType.ADD_NODE, v));
    }
    for (String l : cfg.learners()) {
      changes.add(new ConfChangeSingle(io.raftkv.raft.proto.ConfChangeType.ADD_LEARNER, l));
    }
    return new ConfChange(ConfChangeTransition.AUTO, changes);
  }

  private Result bootstrap(ConfChange cc) {
    copy();
    for (ConfChangeSingle c : cc.changes()) {
      switch (c.type()) {
        case ADD_NODE -> makeVoter(c.nodeId());
        case ADD_LEARNER -> makeLearner(c.nodeId());
        default -> throw new InvalidConfChangeException("a node without membership can only learn additions");
      }
    }
    if (incoming.isEmpty()) {
      throw new InvalidConfChangeException("a node without membership needs a change that adds voters");
    }
    return finish(false);
  }

  private boolean isAlreadyApplied(ConfChange cc) {
    if (cc.changes().isEmpty() || base.isJoint()) {
      return false;
    }
    for (ConfChangeSingle c : cc.changes()) {
      boolean inPlace = switch (c.type()) {
        case ADD_NODE -> base.voters().incoming().contains(c.nodeId());
        case ADD_LEARNER -> base.learners().contains(c.nodeId());
        default -> false;
      };
      if (!inPlace) {
        return false;
      }
    }
    return true;
  }

  /** The configuration described by a ConfState (used at start and on snapshot install). */
  public static Result restore(ConfState cs, long lastIndex, int maxInflight) {
    TrackerConfig cfg = TrackerConfig.of(cs);
    TreeMap<String, Progress> prs = new TreeMap<>();
    for (String id : cfg.members()) {
      prs.put(id, newProgress(lastIndex, maxInflight, cfg.isLearner(id)));
    }
    return new Result(cfg, prs);
  }

  private static Progress newProgress(long lastIndex, int maxInflight, boolean learner) {
    Progress p = new Progress(0, Math.max(lastIndex, 1), maxInflight, learner);
    // A new member counts as active so that adding it does not make CheckQuorum fail at once.
    p.setRecentActive(true);
    return p;
  }

  private void copy() {
    incoming = new TreeSet<>(base.voters().incoming().ids());
    outgoing = new TreeSet<>(base.voters().outgoing().ids());
    learners = new TreeSet<>(base.learners());
    learnersNext = new TreeSet<>(base.learnersNext());
    progress = new TreeMap<>(baseProgress);
  }

  private Result enterJoint(boolean autoLeave, ConfChange cc) {
    if (base.isJoint()) {
      throw new InvalidConfChangeException("configuration is already joint");
    }
    copy();
    if (incoming.isEmpty()) {
      throw new InvalidConfChangeException("cannot make a zero-voter configuration joint");
    }
    outgoing.addAll(incoming);
    applyChanges(cc);
    return finish(autoLeave);
  }

  private Result leaveJoint() {
    if (!base.isJoint()) {
      throw new InvalidConfChangeException("cannot leave a non-joint configuration");
    }
    copy();
    for (String id : learnersNext) {
      learners.add(id);
    }
    learnersNext.clear();
    for (String id : outgoing) {
      if (!incoming.contains(id) && !learners.contains(id)) {
        progress.remove(id);
      }
    }
    outgoing.clear();
    return finish(false);
  }

  private Result simple(ConfChange cc) {
    if (base.isJoint()) {
      throw new InvalidConfChangeException("cannot apply a simple change to a joint configuration");
    }
    copy();
    applyChanges(cc);
    Set<String> before = base.voters().incoming().ids();
    int diff = 0;
    for (String id : incoming) {
      if (!before.contains(id)) {
        diff++;
      }
    }
    for (String id : before) {
      if (!incoming.contains(id)) {
        diff++;
      }
    }
    if (diff > 1) {
      throw new InvalidConfChangeException("more than one voter changed without entering a joint configuration");
    }
    return finish(false);
  }

  private void applyChanges(ConfChange cc) {
    for (ConfChangeSingle c : cc.changes()) {
      if (c.nodeId().isEmpty()) {
        throw new InvalidConfChangeException("empty node id");
      }
      switch (c.type()) {
        case ADD_NODE -> makeVoter(c.nodeId());
        case ADD_LEARNER -> makeLearner(c.nodeId());
        case REMOVE_NODE -> remove(c.nodeId());
        default -> throw new InvalidConfChangeException("unknown change type " + c.type());
      }
    }
    if (incoming.isEmpty()) {
      throw new InvalidConfChangeException("removed all voters");
    }
  }

  private void makeVoter(String id) {
    Progress p = progress.get(id);
    if (p == null) {
      progress.put(id, newProgress(lastIndex, maxInflight, false));
    }
    learners.remove(id);
    learnersNext.remove(id);
    incoming.add(id);
  }

  private void makeLearner(String id) {
    Progress p = progress.get(id);
    if (p == null) {
      progress.put(id, newProgress(lastIndex, maxInflight, true));
      learners.add(id);
      return;
    }
    if (learners.contains(id)) {
      return;
    }
    incoming.remove(id);
    learnersNext.remove(id);
    // A voter of C_old stays a voter until the joint config is left, then becomes a learner.
    if (outgoing.contains(id)) {
      learnersNext.add(id);
    } else {
      learners.add(id);
    }
  }

  private void remove(String id) {
    if (!progress.containsKey(id)) {
      return;
    }
    incoming.remove(id);
    learners.remove(id);
    learnersNext.remove(id);
    if (!outgoing.contains(id)) {
      progress.remove(id);
    }
  }

  private Result finish(boolean autoLeave) {
    TrackerConfig cfg = new TrackerConfig(
        new JointConfig(new MajorityConfig(incoming), new MajorityConfig(outgoing)),
        learners, learnersNext, autoLeave && !outgoing.isEmpty());
    checkInvariants(cfg);
    return new Result(cfg, progress);
  }

  private void checkInvariants(TrackerConfig cfg) {
    for (String id : cfg.learners()) {
      if (cfg.voters().contains(id)) {
        throw new InvalidConfChangeException(id + " is both learner and voter");
      }
    }
    for (String id : cfg.learnersNext()) {
      if (!cfg.voters().outgoing().contains(id)) {
        throw new InvalidConfChangeException(id + " is in learnersNext but not an outgoing voter");
      }
    }
    if (!progress.keySet().equals(cfg.members())) {
      throw new InvalidConfChangeException("progress " + progress.keySet() + " != members " + cfg.members());
    }
  }
}
