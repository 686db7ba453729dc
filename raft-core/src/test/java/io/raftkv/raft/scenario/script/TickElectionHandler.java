package io.raftkv.raft.scenario.script;

/**
 * {@code tick-election 1}: electionTick ticks. A leader runs its CheckQuorum; a follower's randomized
 * timeout lies in [electionTick, 2 * electionTick), so it may or may not campaign: use {@code campaign}
 * to force one.
 */
final class TickElectionHandler implements CommandHandler {

  @Override
  public void handle(Command c, InteractionEnv env) {
    TickHandler.tickEach(c, env, n -> n.electionTick);
  }
}
