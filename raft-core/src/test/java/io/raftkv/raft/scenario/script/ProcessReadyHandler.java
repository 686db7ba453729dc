package io.raftkv.raft.scenario.script;

/**
 * {@code process-ready 1 2}: for each node, take its Ready, print it, persist it, put its messages on the
 * network and advance (one synchronous "disk write" per Ready).
 */
final class ProcessReadyHandler implements CommandHandler {

  @Override
  public void handle(Command c, InteractionEnv env) {
    for (String id : c.args(1)) {
      ScenarioNode n = env.node(c, id);
      if (c.positional.size() > 1) {
        env.out.line("> " + id + " handling Ready");
        env.out.indent();
      }
      env.processReady(n);
      if (c.positional.size() > 1) {
        env.out.dedent();
      }
    }
  }
}
