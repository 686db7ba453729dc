package io.raftkv.kv;

import java.util.Objects;

/** A command with the Raft log index it was committed at, for {@link KvStateMachine#applyBatch}. */
public record IndexedCommand(long index, KvCommand command) {
  public IndexedCommand {
    Objects.requireNonNull(command, "command");
  }
}
