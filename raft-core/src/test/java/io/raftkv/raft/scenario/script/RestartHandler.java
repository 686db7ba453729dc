package io.raftkv.raft.scenario.script;

/**
 * {@code restart 1}: node 1 crashes and restarts from its storage, as a new RaftNode (volatile state such
 * as commitIndex beyond the persisted one, the role and the leader's progress are lost).
 */
final class RestartHandler implements CommandHandler {

  @Override
  public void handle(Command c, InteractionEnv env) {
    for (String id : c.args(1)) {
      ScenarioNode n = env.node(c, id);
      n.restart();
      env.drive(n, raft -> {});
    }
  }
}
