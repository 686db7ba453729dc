package io.raftkv.kv.api;

import java.util.List;

/**
 * One node's view of its cluster, for {@code GET /v1/cluster} and dashboards.
 *
 * @param nodeId the id of the node answering
 * @param leaderId the known leader's id, or {@code null} when none is known
 * @param term the node's currentTerm (§5.1)
 * @param commitIndex the highest index known committed (§5.3)
 * @param appliedIndex the highest index applied to the state machine (lastApplied)
 * @param members every voter and learner
 */
public record ClusterStatus(
    String clusterId,
    String nodeId,
    String leaderId,
    long term,
    long commitIndex,
    long appliedIndex,
    List<Member> members) {

  public ClusterStatus {
    members = List.copyOf(members);
  }

  /**
   * One member as this node sees it.
   *
   * @param role {@code leader}, {@code follower}, {@code candidate}, {@code pre_candidate} or
   *     {@code learner} (for members other than the answering node and the leader, usually
   *     {@code follower}/{@code learner})
   * @param matchIndex the leader's matchIndex for it (§5.3), -1 when the answering node is not the leader
   * @param nextIndex the leader's nextIndex for it, -1 when the answering node is not the leader
   * @param state replication state as the leader tracks it ({@code probe}, {@code replicate},
   *     {@code snapshot}), or {@code unknown}
   */
  public record Member(
      String id,
      String peerAddress,
      String clientUrl,
      String role,
      long matchIndex,
      long nextIndex,
      String state) {}
}
