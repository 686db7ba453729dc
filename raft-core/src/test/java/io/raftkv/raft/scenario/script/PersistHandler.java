package io.raftkv.raft.scenario.script;

/**
 * {@code persist 1}: node 1's oldest Ready taken with {@code take-ready} becomes durable: it is written to
 * storage, its MessagesAfterPersist go on the network and it is advanced (acknowledgements in hand-out
 * order).
 */
final class PersistHandler implements CommandHandler {

  @Override
  public void handle(Command c, InteractionEnv env) {
    for (String id : c.args(1)) {
      env.persistOldest(env.node(c, id));
    }
  }
}
