package io.raftkv.raft.scenario.script;

/**
 * {@code read-index 1 7}: a linearizable read with request id 7 on node 1 (thesis §6.4); a follower
 * forwards it to its leader. The confirmed read shows up in a later Ready's ReadStates.
 */
final class ReadIndexHandler implements CommandHandler {

  @Override
  public void handle(Command c, InteractionEnv env) {
    if (c.args(2).size() != 2) {
      throw c.error("usage: read-index ID REQUEST-ID");
    }
    long request;
    try {
      request = Long.parseLong(c.positional.get(1));
    } catch (NumberFormatException e) {
      throw c.error("REQUEST-ID must be a number");
    }
    env.drive(env.node(c, c.positional.get(0)), raft -> raft.readIndex(request));
  }
}
