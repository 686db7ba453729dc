package io.raftkv.client;

import com.fasterxml.jackson.databind.JsonNode;
import io.raftkv.client.http.HttpResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The answer of {@code GET /v1/cluster}: the answering node's view of the cluster. Progress
 * ({@code matchIndex}/{@code nextIndex}, Raft §5.3) is known only on the leader, so it is empty in members
 * reported by a follower.
 *
 * @param clusterId the cluster's id
 * @param answeredBy id of the node that answered
 * @param leader id of the current leader as known by that node, empty when unknown
 * @param term that node's currentTerm
 * @param commitIndex that node's commitIndex
 * @param appliedIndex that node's lastApplied
 * @param members the configuration's members
 * @param json the raw answer, for tools that print it
 */
public record ClusterStatus(String clusterId, String answeredBy, Optional<String> leader, long term,
    long commitIndex, long appliedIndex, List<Member> members, JsonNode json) {

  public ClusterStatus {
    members = List.copyOf(members);
  }

  /**
   * One member.
   *
   * @param id node id
   * @param clientUrl its client API URL, empty if not reported
   * @param peerAddress its Raft peer address, empty if not reported
   * @param role "leader", "follower", "candidate", "pre_candidate" or "learner", as reported
   * @param matchIndex the leader's matchIndex for it, empty unless the answering node leads
   * @param nextIndex the leader's nextIndex for it, empty unless the answering node leads
   * @param state replication state the leader tracks ("probe", "replicate", "snapshot"), or "unknown"
   */
  public record Member(String id, String clientUrl, String peerAddress, String role, Optional<Long> matchIndex,
      Optional<Long> nextIndex, String state) {
  }

  /** Whether the answering node is the leader it names (only then are the progress fields known). */
  public boolean answeredByLeader() {
    return leader.isPresent() && leader.get().equals(answeredBy);
  }

  static ClusterStatus parse(JsonNode root, HttpResult response) {
    if (!root.isObject()) {
      throw new ServerErrorException(response.status(), response.endpoint() + " cluster answer is not a JSON object");
    }
    List<Member> members = new ArrayList<>();
    for (JsonNode m : root.path("members")) {
      members.add(new Member(text(m, "id"), text(m, "clientUrl"), text(m, "peerAddress"), text(m, "role"),
          index(m, "matchIndex"), index(m, "nextIndex"), text(m, "state")));
    }
    String leader = text(root, "leaderId");
    return new ClusterStatus(text(root, "clusterId"), text(root, "nodeId"),
        leader.isEmpty() ? Optional.empty() : Optional.of(leader), root.path("term").asLong(),
        root.path("commitIndex").asLong(), root.path("appliedIndex").asLong(), members, root);
  }

  /** A progress index; the server sends -1 when it does not know it. */
  private static Optional<Long> index(JsonNode node, String field) {
    JsonNode value = node.get(field);
    return value != null && value.canConvertToLong() && value.asLong() >= 0
        ? Optional.of(value.asLong()) : Optional.empty();
  }

  private static String text(JsonNode node, String field) {
    JsonNode value = node.get(field);
    return value == null || value.isNull() ? "" : value.asText();
  }
}
