package io.raftkv.raft.scenario.script;

import java.nio.charset.StandardCharsets;

/** {@code propose 1 data}: a client command on node 1 (appended if leader, else forwarded or refused). */
final class ProposeHandler implements CommandHandler {

  @Override
  public void handle(Command c, InteractionEnv env) {
    if (c.args(2).size() != 2) {
      throw c.error("usage: propose ID DATA");
    }
    byte[] data = c.positional.get(1).getBytes(StandardCharsets.US_ASCII);
    env.drive(env.node(c, c.positional.get(0)), raft -> raft.propose(data));
  }
}
