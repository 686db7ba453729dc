package io.raftkv.raft.scenario.script;

import io.raftkv.raft.proto.Message;
import java.util.List;
import java.util.function.Predicate;

/**
 * {@code deliver-msgs 2 3 [type=MsgApp] [from=1]} steps the in-flight messages addressed to each listed
 * node (only those of that type / sender, if given), in network order. {@code deliver-msgs drop=(2,3)}
 * discards, printed, every in-flight message to 2 and 3 instead (a lossy network, §5.3 retries).
 */
final class DeliverMsgsHandler implements CommandHandler {

  @Override
  public void handle(Command c, InteractionEnv env) {
    String type = c.string("type", null);
    String from = c.string("from", null);
    Predicate<Message> filter = m -> (type == null || Render.kind(m).equals(type))
        && (from == null || m.from().equals(from));
    List<String> drop = c.list("drop");
    if (drop.isEmpty() == c.positional.isEmpty()) {
      throw c.error("usage: deliver-msgs ID... or deliver-msgs drop=(ID,...)");
    }
    int n = 0;
    for (String id : drop) {
      n += env.deliver(id, filter, true);
    }
    for (String id : c.positional) {
      n += env.deliver(id, filter, false);
    }
    if (n == 0) {
      env.out.line("no messages");
    }
  }
}
