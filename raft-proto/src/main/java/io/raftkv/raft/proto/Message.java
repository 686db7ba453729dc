package io.raftkv.raft.proto;

/**
 * A message between Raft peers. Each record mirrors one RPC of Figure 2 (or of the thesis' extensions).
 *
 * <p>Every message names its sender and receiver by node id and carries the sender's {@code term}: any
 * message with a higher term than the receiver's makes the receiver a follower of that term (§5.1),
 * except where a record's Javadoc says otherwise (pre-votes, §9.6 of the thesis).
 */
public sealed interface Message
    permits RequestVote, RequestVoteResponse, AppendEntries, AppendEntriesResponse, Heartbeat,
        HeartbeatResponse, InstallSnapshot, InstallSnapshotResponse, TimeoutNow, ReadIndexRequest,
        ReadIndexResponse, Propose {

  /** Id of the sending node. */
  String from();

  /** Id of the receiving node. */
  String to();

  /** The sender's currentTerm (for a pre-vote request: the term it would campaign in). */
  long term();
}
