package io.raftkv.api;

import java.util.List;
import java.util.Optional;

/**
 * The answer of {@code GET /v1/members} and of every membership change (docs/API.md, "Members").
 *
 * @param configIndex the log index of the configuration listed (the ETag; send it back as
 *     {@code If-Match} to make a change conditional on it)
 * @param leaderId the leader known to the answering node, or {@code null}
 * @param members every voter and learner, by id
 */
public record Members(long configIndex, String leaderId, List<Members.Member> members) {

  public Members {
    members = List.copyOf(members);
  }

  /** The member with {@code id}. */
  public Optional<Member> member(String id) {
    return members.stream().filter(m -> m.id().equals(id)).findFirst();
  }

  /**
   * One member.
   *
   * @param peerAddress its Raft peer address ({@code host:port}), empty until known
   * @param clientUrl its client API URL, empty until known
   * @param role {@code voter} or {@code learner}
   * @param matchIndex the leader's matchIndex for it (§5.3); -1 unless answered by the leader
   * @param behind how many entries it lags the leader's commitIndex; -1 unless answered by the leader
   */
  public record Member(String id, String peerAddress, String clientUrl, String role, long matchIndex,
      long behind) {

    public boolean isVoter() {
      return "voter".equals(role);
    }
  }
}
