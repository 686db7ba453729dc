package io.raftkv.raft.scenario.script;

import io.raftkv.raft.proto.ConfChange;
import io.raftkv.raft.proto.ConfChangeSingle;
import io.raftkv.raft.proto.ConfChangeTransition;
import io.raftkv.raft.proto.ConfChangeType;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code propose-conf-change 1 [transition=auto|implicit|explicit] v4 l5 r2} proposes one membership
 * change on node 1: {@code vN} adds (or promotes) voter N, {@code lN} adds (or demotes to) learner N,
 * {@code rN} removes N (etcd's notation). {@code propose-conf-change 1 leave-joint} proposes leaving a
 * joint configuration (thesis §4.3).
 */
final class ProposeConfChangeHandler implements CommandHandler {

  @Override
  public void handle(Command c, InteractionEnv env) {
    List<String> args = c.args(2);
    ConfChangeTransition transition = switch (c.string("transition", "auto")) {
      case "auto" -> ConfChangeTransition.AUTO;
      case "implicit" -> ConfChangeTransition.JOINT_IMPLICIT;
      case "explicit" -> ConfChangeTransition.JOINT_EXPLICIT;
      default -> throw c.error("transition must be auto, implicit or explicit");
    };
    List<ConfChangeSingle> changes = new ArrayList<>();
    for (String a : args.subList(1, args.size())) {
      if (a.equals("leave-joint") && args.size() == 2) {
        break;
      }
      ConfChangeType type = switch (a.charAt(0)) {
        case 'v' -> ConfChangeType.ADD_NODE;
        case 'l' -> ConfChangeType.ADD_LEARNER;
        case 'r' -> ConfChangeType.REMOVE_NODE;
        default -> throw c.error("a change is vN, lN, rN or leave-joint alone, not " + a);
      };
      if (a.length() < 2) {
        throw c.error("missing node id in " + a);
      }
      changes.add(new ConfChangeSingle(type, a.substring(1)));
    }
    ConfChange cc = new ConfChange(transition, changes);
    env.drive(env.node(c, args.get(0)), raft -> raft.proposeConfChange(cc));
  }
}
