package io.raftkv.raft.scenario.script;

import java.util.List;

/**
 * {@code stabilize [1 2]}: repeat "every node handles its Ready, then every node receives its in-flight
 * messages" until no node has a Ready and no message is in flight (restricted to the listed nodes, if
 * any). Fails the script after 1,000 rounds, which means the cluster never quiesces (a livelock).
 */
final class StabilizeHandler implements CommandHandler {

  private static final int MAX_ROUNDS = 1000;

  @Override
  public void handle(Command c, InteractionEnv env) {
    List<String> only = c.positional;
    for (int round = 0; round < MAX_ROUNDS; round++) {
      boolean did = false;
      for (String id : env.ids()) {
        ScenarioNode n = env.node(c, id);
        if ((only.isEmpty() || only.contains(id)) && env.hasReady(n)) {
          env.out.line("> " + id + " handling Ready");
          env.out.indent();
          env.processReady(n);
          env.out.dedent();
          did = true;
        }
      }
      for (String to : env.recipients()) {
        if (only.isEmpty() || only.contains(to)) {
          env.out.line("> " + to + " receiving messages");
          env.out.indent();
          env.deliver(to, m -> true, false);
          env.out.dedent();
          did = true;
        }
      }
      if (!did) {
        return;
      }
    }
    throw c.error("no quiescence after " + MAX_ROUNDS + " rounds");
  }
}
