package io.raftkv.raft.sim;

import io.raftkv.raft.ProposalDroppedException;
import io.raftkv.raft.Status;
import io.raftkv.raft.proto.ConfChange;
import io.raftkv.raft.proto.ConfChangeSingle;
import io.raftkv.raft.proto.ConfChangeTransition;
import io.raftkv.raft.proto.ConfChangeType;
import io.raftkv.raft.proto.ConfState;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeSet;

/**
 * The random fault schedule of a randomized run: crashes and restarts, partitions of every shape
 * (symmetric halves, one-way links, an isolated leader, a bridge node), loss bursts, leadership transfers
 * and membership changes (learners, promotions, removals, joint changes), plus the client load (proposals
 * and ReadIndex reads). Everything it does is drawn from the cluster's seeded random source.
 */
final class FaultInjector {

  private final SimCluster cluster;
  private final SplittableRandom random;
  private final boolean membership;
  /** The Figure 8 profile: leaders crash right after appending, while a bare majority stays up. */
  private final boolean figure8;
  private final TreeSet<String> everMember = new TreeSet<>();
  private int nextSpare;
  private boolean active = true;
  long faults;

  FaultInjector(SimCluster cluster, SplittableRandom random, boolean membership, boolean figure8) {
    this.cluster = cluster;
    this.random = random;
    this.membership = membership;
    this.figure8 = figure8;
    this.nextSpare = cluster.options.nodes + 1;
    everMember.addAll(cluster.ids());
  }

  void start() {
    cluster.events.after(1 + random.nextLong(20), this::clientPropose);
    cluster.events.after(1 + random.nextLong(50), this::clientRead);
    cluster.events.after(50 + random.nextLong(200), this::fault);
  }

  /** Stops injecting faults and client load (the cluster is then healed by the caller). */
  void stop() {
    active = false;
  }

  private void clientPropose() {
    if (!active) {
      return;
    }
    String target = cluster.leader();
    if (target == null || random.nextInt(5) == 0) {
      target = randomUpNode();
    }
    if (target != null && random.nextInt(5) == 0) {
      cluster.proposeBatch(target, 2 + random.nextInt(4));
    } else if (target != null) {
      cluster.propose(target, random.nextInt(8), random.nextInt(4) == 0 ? random.nextInt(64) : 0);
    }
    cluster.events.after(3 + random.nextLong(35), this::clientPropose);
  }

  private void clientRead() {
    if (!active) {
      return;
    }
    String target = randomUpNode();
    if (target != null) {
      cluster.readIndex(target);
    }
    cluster.events.after(10 + random.nextLong(70), this::clientRead);
  }

  private void fault() {
    if (!active) {
      return;
    }
    faults++;
    if (figure8) {
      figure8Step();
      return;
    }
    retireRemovedMembers();
    int dice = random.nextInt(100);
    if (dice < 12) {
      crashSomeNode(cluster.leader());
    } else if (dice < 25) {
      crashSomeNode(randomUpNode());
    } else if (dice < 45) {
      partitionSomehow();
    } else if (dice < 55) {
      lossBurst();
    } else if (dice < 63) {
      transferLeadership();
    } else if (dice < 78 && membership) {
      changeMembership();
    } else if (dice < 81) {
      String n = randomUpNode();
      if (n != null) {
        cluster.on(n, r -> r.campaign());
      }
    }
    cluster.events.after(40 + random.nextLong(260), this::fault);
  }

  /**
   * Figure 8 of the paper (and MIT's TestFigure8): a leader gets a command and then often dies before it
   * reached everyone, so entries of several terms compete for the same indexes; dead nodes come back
   * whenever fewer than a majority are up.
   */
  private void figure8Step() {
    String leader = cluster.leader();
    if (leader != null) {
      cluster.propose(leader, random.nextInt(8), 0);
      if (random.nextInt(3) > 0) {
        cluster.events.after(random.nextLong(12), () -> cluster.crash(leader));
      }
    }
    List<String> down = new ArrayList<>();
    int up = 0;
    for (SimNode n : cluster.nodes()) {
      if (n.up()) {
        up++;
      } else if (!n.retired()) {
        down.add(n.id);
      }
    }
    if (up <= cluster.nodes().size() / 2 + (random.nextBoolean() ? 0 : 1) && !down.isEmpty()) {
      cluster.restart(down.get(random.nextInt(down.size())));
    }
    cluster.events.after(5 + random.nextLong(random.nextInt(10) == 0 ? 150 : 30), this::fault);
  }

  /** Crashes {@code victim} (often the leader: Figure 8 needs leaders dying mid-replication). */
  private void crashSomeNode(String victim) {
    if (victim == null) {
      return;
    }
    cluster.crash(victim);
    cluster.events.after(10 + random.nextLong(random.nextBoolean() ? 100 : 900), () -> cluster.restart(victim));
  }

  private void partitionSomehow() {
    List<String> ids = liveIds();
    if (ids.size() < 2) {
      return;
    }
    int kind = random.nextInt(4);
    if (kind == 0) {
      List<String> a = new ArrayList<>();
      List<String> b = new ArrayList<>();
      for (String id : ids) {
        (random.nextBoolean() ? a : b).add(id);
      }
      cluster.partition(a, b);
    } else if (kind == 1) {
      String from = ids.get(random.nextInt(ids.size()));
      String to = ids.get(random.nextInt(ids.size()));
      if (!from.equals(to)) {
        cluster.block(from, to);
      }
    } else if (kind == 2) {
      String leader = cluster.leader();
      cluster.isolate(leader != null ? leader : ids.get(random.nextInt(ids.size())));
    } else if (ids.size() >= 3) {
      // A bridge: x talks to both sides, which cannot talk to each other.
      String bridge = ids.get(random.nextInt(ids.size()));
      List<String> a = new ArrayList<>();
      List<String> b = new ArrayList<>();
      for (String id : ids) {
        if (!id.equals(bridge)) {
          (random.nextBoolean() ? a : b).add(id);
        }
      }
      cluster.partition(a, b);
    }
    cluster.events.after(50 + random.nextLong(1200), () -> {
      if (active) {
        cluster.heal();
      }
    });
  }

  private void lossBurst() {
    cluster.network.dropRate = 0.2 + random.nextDouble() * 0.5;
    cluster.trace(null, "LOSS", cluster.network.dropRate);
    // Back to the run's baseline, and only while faults are on: healing sets a reliable network for good.
    cluster.events.after(50 + random.nextLong(400), () -> {
      if (active) {
        cluster.network.dropRate = cluster.options.dropRate;
      }
    });
  }

  private void transferLeadership() {
    String leader = cluster.leader();
    if (leader == null) {
      return;
    }
    List<String> voters = new ArrayList<>(new TreeSet<>(cluster.status(leader).confState().voters()));
    String target = voters.get(random.nextInt(voters.size()));
    cluster.trace(leader, "TRANSFER", "-> " + target);
    cluster.on(leader, r -> r.transferLeadership(target));
  }

  /**
   * Learner add (carrying an opaque context, as the node layer's addresses), promotion of a caught-up
   * learner, removal (sometimes of the leader itself, §4.2.2), or a joint change of two voters at once
   * (thesis §4.3).
   */
  private void changeMembership() {
    String leader = cluster.leader();
    if (leader == null) {
      return;
    }
    Status s = cluster.status(leader);
    ConfState conf = s.confState();
    if (conf.isJoint()) {
      return;
    }
    TreeSet<String> voters = new TreeSet<>(conf.voters());
    TreeSet<String> learners = new TreeSet<>(conf.learners());
    int op = random.nextInt(4);
    ConfChange change;
    if (op == 0 && nextSpare <= cluster.options.nodes + 4) {
      String id = "n" + nextSpare++;
      cluster.addNode(id);
      change = ConfChange.of(new ConfChangeSingle(ConfChangeType.ADD_LEARNER, id,
          ("peer-of-" + id).getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    } else if (op == 1 && !learners.isEmpty()) {
      // As the API does: promote only a learner within a few entries of the commit index.
      TreeSet<String> caughtUp = new TreeSet<>();
      for (String l : learners) {
        io.raftkv.raft.PeerStatus p = s.progress().get(l);
        if (p != null && p.matchIndex() + 10 >= s.commitIndex()) {
          caughtUp.add(l);
        }
      }
      if (caughtUp.isEmpty()) {
        return;
      }
      change = ConfChange.of(new ConfChangeSingle(ConfChangeType.ADD_NODE, pick(caughtUp)));
    } else if (op == 2 && voters.size() > 3) {
      String removed = random.nextInt(3) == 0 ? leader : pick(voters);
      change = ConfChange.of(new ConfChangeSingle(ConfChangeType.REMOVE_NODE, removed));
    } else if (op == 2 && !learners.isEmpty()) {
      change = ConfChange.of(new ConfChangeSingle(ConfChangeType.REMOVE_NODE, pick(learners)));
    } else if (op == 3 && !learners.isEmpty() && voters.size() >= 3) {
      // Replace a voter by a learner in one joint step.
      ConfChangeTransition t = random.nextBoolean() ? ConfChangeTransition.AUTO : ConfChangeTransition.JOINT_IMPLICIT;
      change = new ConfChange(t, List.of(
          new ConfChangeSingle(ConfChangeType.ADD_NODE, pick(learners)),
          new ConfChangeSingle(ConfChangeType.REMOVE_NODE, pick(voters))));
    } else {
      return;
    }
    cluster.trace(leader, "CONF CHANGE", change);
    cluster.on(leader, r -> {
      try {
        r.proposeConfChange(change);
      } catch (ProposalDroppedException dropped) {
        cluster.trace(leader, "conf refused", dropped.reason());
      }
    });
  }

  /** A node the leader's (non-joint) configuration no longer lists is shut down, as an operator would. */
  void retireRemovedMembers() {
    String leader = cluster.leader();
    if (leader == null) {
      return;
    }
    ConfState conf = cluster.status(leader).confState();
    everMember.addAll(conf.voters());
    everMember.addAll(conf.learners());
    if (conf.isJoint()) {
      return;
    }
    for (String id : everMember) {
      SimNode n = cluster.node(id);
      if (!n.retired() && !conf.voters().contains(id) && !conf.learners().contains(id)) {
        cluster.retire(id);
      }
    }
  }

  private String pick(Set<String> sorted) {
    List<String> l = new ArrayList<>(sorted);
    return l.get(random.nextInt(l.size()));
  }

  private List<String> liveIds() {
    List<String> ids = new ArrayList<>();
    for (SimNode n : cluster.nodes()) {
      if (!n.retired()) {
        ids.add(n.id);
      }
    }
    return ids;
  }

  private String randomUpNode() {
    List<String> up = new ArrayList<>();
    for (SimNode n : cluster.nodes()) {
      if (n.up()) {
        up.add(n.id);
      }
    }
    return up.isEmpty() ? null : up.get(random.nextInt(up.size()));
  }
}
