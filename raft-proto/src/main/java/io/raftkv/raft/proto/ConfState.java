package io.raftkv.raft.proto;

import java.util.Set;

/**
 * A cluster membership configuration (thesis §4.3). Outside a joint configuration {@code votersOutgoing}
 * is empty. During a joint configuration C_old,new, decisions need a majority of {@code voters} (C_new)
 * AND a majority of {@code votersOutgoing} (C_old).
 *
 * @param voters voting members (the incoming configuration when joint)
 * @param learners non-voting members that receive the log
 * @param votersOutgoing the outgoing voters while joint, empty otherwise
 * @param learnersNext voters of C_old that become learners when the joint configuration is left
 * @param autoLeave whether the leader proposes leaving the joint configuration by itself once it applies
 */
public record ConfState(
    Set<String> voters,
    Set<String> learners,
    Set<String> votersOutgoing,
    Set<String> learnersNext,
    boolean autoLeave) {

  public static final ConfState EMPTY = new ConfState(Set.of(), Set.of(), Set.of(), Set.of(), false);

  public ConfState {
    voters = Set.copyOf(voters);
    learners = Set.copyOf(learners);
    votersOutgoing = Set.copyOf(votersOutgoing);
    learnersNext = Set.copyOf(learnersNext);
  }

  public static ConfState ofVoters(Set<String> voters) {
    return new ConfState(voters, Set.of(), Set.of(), Set.of(), false);
  }

  public boolean isJoint() {
    return !votersOutgoing.isEmpty();
  }
}
