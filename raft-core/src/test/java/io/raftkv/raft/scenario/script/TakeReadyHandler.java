package io.raftkv.raft.scenario.script;

/**
 * {@code take-ready 1}: take node 1's Ready, print it and send its MessagesToSendNow, leaving its
 * persistence in flight until {@code persist 1} (asynchronous storage writes; needs
 * {@code add-nodes ... inflight-readies=R} with R above 1 to take a second one).
 */
final class TakeReadyHandler implements CommandHandler {

  @Override
  public void handle(Command c, InteractionEnv env) {
    for (String id : c.args(1)) {
      env.takeReady(env.node(c, id));
    }
  }
}
