package io.raftkv.raft.scenario.script;

/** {@code transfer-leader 1 3}: asks node 1 (the leader) to hand leadership to node 3 (thesis §3.10). */
final class TransferLeaderHandler implements CommandHandler {

  @Override
  public void handle(Command c, InteractionEnv env) {
    if (c.args(2).size() != 2) {
      throw c.error("usage: transfer-leader FROM TO");
    }
    String to = c.positional.get(1);
    env.drive(env.node(c, c.positional.get(0)), raft -> raft.transferLeadership(to));
  }
}
