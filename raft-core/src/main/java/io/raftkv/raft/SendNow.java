package io.raftkv.raft;

import io.raftkv.raft.proto.Message;
import java.util.List;

/**
 * Output that depends on nothing being durable, taken with {@link RaftNode#takeSendNow()} at any time,
 * also while a {@link Ready} is outstanding (so heartbeats and read confirmations never wait for a disk).
 *
 * @param messages messages that may leave at once (see {@link Ready} for which ones these are)
 * @param readStates linearizable reads now confirmed; serve each once the state machine has applied up to
 *     its index, as for {@link Ready#readStates()}
 */
public record SendNow(List<Message> messages, List<ReadState> readStates) {

  public boolean isEmpty() {
    return messages.isEmpty() && readStates.isEmpty();
  }
}
