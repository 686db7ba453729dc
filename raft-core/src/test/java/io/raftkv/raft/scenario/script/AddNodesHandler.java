package io.raftkv.raft.scenario.script;

import io.raftkv.raft.Config;
import io.raftkv.raft.ReadOnlyOption;
import io.raftkv.raft.log.MemoryStorage;
import io.raftkv.raft.proto.ConfState;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * {@code add-nodes N [voters=(1,2,3)] [learners=(4)] [election=10] [heartbeat=1] [pre-vote=true]
 * [check-quorum=true] [max-size=BYTES] [max-inflight=K] [inflight-readies=R] [read-only=safe|lease]
 * [lease=TICKS] [seed=S]}:
 * creates N nodes numbered after the existing ones. With {@code voters=} their storage is bootstrapped
 * with that membership; without, they start empty and wait for a leader (joining members).
 *
 * <p>Defaults are the production {@link Config#builder} defaults (pre-vote and CheckQuorum on, SAFE
 * reads) except the ticks: an election timeout of 10 ticks and a heartbeat every tick, so traces stay
 * short.
 */
final class AddNodesHandler implements CommandHandler {

  @Override
  public void handle(Command c, InteractionEnv env) {
    if (c.args(1).size() != 1) {
      throw c.error("usage: add-nodes N [key=value...]");
    }
    int count;
    try {
      count = Integer.parseInt(c.positional.get(0));
    } catch (NumberFormatException e) {
      throw c.error("N must be a number");
    }
    Set<String> voters = new LinkedHashSet<>(c.list("voters"));
    Set<String> learners = new LinkedHashSet<>(c.list("learners"));
    int election = c.integer("election", 10);
    int heartbeat = c.integer("heartbeat", 1);
    boolean preVote = c.bool("pre-vote", true);
    boolean checkQuorum = c.bool("check-quorum", true);
    int maxSize = c.integer("max-size", 1 << 20);
    int maxInflight = c.integer("max-inflight", 256);
    int inflightReadies = c.integer("inflight-readies", 1);
    String readOnly = c.string("read-only", "safe");
    int lease = c.integer("lease", election - 2);
    long seed = c.integer("seed", 1);
    ReadOnlyOption option = switch (readOnly) {
      case "safe" -> ReadOnlyOption.SAFE;
      case "lease" -> ReadOnlyOption.LEASE_BASED;
      default -> throw c.error("read-only must be safe or lease");
    };
    for (int k = 0; k < count; k++) {
      String id = Integer.toString(env.size() + 1);
      MemoryStorage storage = new MemoryStorage();
      if (!voters.isEmpty()) {
        storage.bootstrap(new ConfState(voters, learners, Set.of(), Set.of(), false));
      }
      env.add(new ScenarioNode(id, storage, seed, random -> Config.builder(id, random)
          .electionTick(election)
          .heartbeatTick(heartbeat)
          .preVote(preVote)
          .checkQuorum(checkQuorum)
          .maxSizePerMsg(maxSize)
          .maxInflightMsgs(maxInflight)
          .maxInflightReadies(inflightReadies)
          .readOnlyOption(option)
          .leaseTicks(lease)));
      env.out.line("INFO " + id + " created with " + Render.confState(storage.initialState().confState()));
    }
  }
}
