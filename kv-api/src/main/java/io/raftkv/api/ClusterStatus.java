package io.raftkv.api;

import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * One node's view of its cluster: the answer of {@code GET /v1/cluster}. Replication progress
 * ({@code matchIndex}/{@code nextIndex}, Raft §5.3) is known only on the leader, so members reported by a
 * follower carry -1 there.
 *
 * @param clusterId the cluster's id
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

  /** The known leader's id, empty when none is known. */
  public Optional<String> leader() {
    return leaderId == null || leaderId.isEmpty() ? Optional.empty() : Optional.of(leaderId);
  }

  /** Whether the answering node is the leader it names (only then are the progress fields known). */
  public boolean answeredByLeader() {
    return leaderId != null && leaderId.equals(nodeId);
  }

  /**
   * One member as the answering node sees it.
   *
   * @param peerAddress its Raft peer address, empty if not known
   * @param clientUrl its client API URL, empty if not known
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
      String state) {

    /** {@link #matchIndex()} when known. */
    public OptionalLong knownMatchIndex() {
      return matchIndex < 0 ? OptionalLong.empty() : OptionalLong.of(matchIndex);
    }

    /** {@link #nextIndex()} when known. */
    public OptionalLong knownNextIndex() {
      return nextIndex < 0 ? OptionalLong.empty() : OptionalLong.of(nextIndex);
    }
  }
}
