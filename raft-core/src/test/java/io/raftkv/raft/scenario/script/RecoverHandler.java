package io.raftkv.raft.scenario.script;

/** {@code recover}: heals every partition made by {@code isolate}. */
final class RecoverHandler implements CommandHandler {

  @Override
  public void handle(Command c, InteractionEnv env) {
    if (!c.positional.isEmpty()) {
      throw c.error("takes no arguments");
    }
    env.recover();
  }
}
