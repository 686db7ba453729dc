package io.raftkv.raft.scenario.script;

/** {@code tick-heartbeat 1}: as many ticks as the node's heartbeat interval (a leader then heartbeats). */
final class TickHeartbeatHandler implements CommandHandler {

  @Override
  public void handle(Command c, InteractionEnv env) {
    TickHandler.tickEach(c, env, n -> n.heartbeatTick);
  }
}
