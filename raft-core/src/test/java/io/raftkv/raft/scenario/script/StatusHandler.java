package io.raftkv.raft.scenario.script;

/** {@code status 1 2}: each node's Status, with a leader's per-member progress (§5.3 nextIndex/matchIndex). */
final class StatusHandler implements CommandHandler {

  @Override
  public void handle(Command c, InteractionEnv env) {
    for (String id : c.args(1)) {
      Render.status(env.node(c, id).raft().status(), env.out);
    }
  }
}
