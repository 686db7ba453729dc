package io.raftkv.raft.scenario.script;

/** {@code campaign 1}: the node's election timeout fires now (a pre-vote first when pre-vote is on). */
final class CampaignHandler implements CommandHandler {

  @Override
  public void handle(Command c, InteractionEnv env) {
    for (String id : c.args(1)) {
      env.drive(env.node(c, id), raft -> raft.campaign());
    }
  }
}
