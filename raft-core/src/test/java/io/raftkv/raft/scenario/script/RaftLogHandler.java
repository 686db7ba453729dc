package io.raftkv.raft.scenario.script;

import io.raftkv.raft.log.MemoryStorage;

/**
 * {@code raft-log 1}: what node 1 has made durable: its hard state and the entries in its storage
 * (entries appended but not yet handed out in a Ready are not shown; they are not durable).
 */
final class RaftLogHandler implements CommandHandler {

  @Override
  public void handle(Command c, InteractionEnv env) {
    for (String id : c.args(1)) {
      MemoryStorage s = env.node(c, id).storage;
      env.out.line(id + ": " + Render.hardState(s.hardState()));
      env.out.indent();
      if (s.lastIndex() < s.firstIndex()) {
        env.out.line("log empty");
      }
      if (s.lastIndex() >= s.firstIndex()) {
        s.entries(s.firstIndex(), s.lastIndex() + 1, Long.MAX_VALUE).forEach(e -> env.out.line(Render.entry(e)));
      }
      env.out.dedent();
    }
  }
}
