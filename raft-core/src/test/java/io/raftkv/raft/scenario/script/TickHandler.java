package io.raftkv.raft.scenario.script;

import java.util.function.ToIntFunction;

/**
 * {@code tick 1 2 [n=K]}: K ticks (default 1) on each listed node, round-robin (one tick on every node,
 * then the next), so the nodes' logical clocks advance together as real ones would.
 */
final class TickHandler implements CommandHandler {

  @Override
  public void handle(Command c, InteractionEnv env) {
    int n = c.integer("n", 1);
    for (int k = 0; k < n; k++) {
      for (String id : c.args(1)) {
        env.drive(env.node(c, id), raft -> raft.tick());
      }
    }
  }

  /** Ticks each listed node, one node after the other, as many times as {@code ticks} says for it. */
  static void tickEach(Command c, InteractionEnv env, ToIntFunction<ScenarioNode> ticks) {
    for (String id : c.args(1)) {
      ScenarioNode n = env.node(c, id);
      for (int k = ticks.applyAsInt(n); k > 0; k--) {
        env.drive(n, raft -> raft.tick());
      }
    }
  }
}
