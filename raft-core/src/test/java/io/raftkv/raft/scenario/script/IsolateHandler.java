package io.raftkv.raft.scenario.script;

/**
 * {@code isolate 3}: from now on every message from or to node 3 is dropped at delivery (printed), until
 * {@code recover}. Messages already in flight are affected too, as on a real cut link.
 */
final class IsolateHandler implements CommandHandler {

  @Override
  public void handle(Command c, InteractionEnv env) {
    for (String id : c.args(1)) {
      env.node(c, id);
      env.isolate(id);
    }
  }
}
