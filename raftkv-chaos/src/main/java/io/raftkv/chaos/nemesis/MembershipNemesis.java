package io.raftkv.chaos.nemesis;

import io.raftkv.api.Members;
import io.raftkv.chaos.cluster.LabCluster;
import io.raftkv.chaos.cluster.MembersClient;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Changes the membership through the servers' own HTTP API (docs/API.md, "Members") while the
 * workload runs. Each injection is one of:
 *
 * <ul>
 *   <li>{@code remove}: a random voter (the leader too) is removed, stopped and wiped; heal brings
 *       it back with {@code --join} on an empty directory, as an auto-promoted learner;
 *   <li>{@code replace}: the same remove and rejoin, both inside the injection;
 *   <li>{@code promote}: remove and wipe, then the nemesis itself adds the id as a plain learner,
 *       starts it with {@code --join} and promotes it ({@code POST /v1/members/{id}/promote});
 *   <li>{@code transfer}: {@code POST /v1/leader/transfer} to a random other voter.
 * </ul>
 *
 * <p>Invariants: at most one node is out of the membership at a time, so the voters number between
 * a majority of the original count and the original count and the workload keeps a quorum; a node
 * is wiped only after the leader lists it as removed, and rejoins only wiped, so no id ever comes
 * back with the log of its past life. One change at a time (§4.1 of the Raft thesis): a 409 or 503
 * is retried, and a 504 (outcome unknown) or any other failure is settled by listing the members
 * again before deciding to retry.
 */
public final class MembershipNemesis implements Nemesis {

  private static final Logger LOG = LoggerFactory.getLogger(MembershipNemesis.class);
  /** How long one change may take, retries included; a fresh JVM must start and catch up within it. */
  private static final Duration PATIENCE = Duration.ofSeconds(40);
  private static final long RETRY_PAUSE_MILLIS = 300;

  private enum Change { REMOVE, REPLACE, PROMOTE, TRANSFER }

  private final AtomicLong completed = new AtomicLong();
  /** The node the last {@code remove} took out, to be rejoined on heal; null when none. */
  private String removed;

  @Override
  public String name() {
    return "membership";
  }

  @Override
  public long membershipChanges() {
    return completed.get();
  }

  @Override
  public String inject(LabCluster cluster, RandomGenerator random) {
    // A rejoin an earlier heal could not finish comes first: the voter count stays in bounds.
    for (String n : cluster.nodeNames()) {
      if (cluster.isRetired(n)) {
        return "rejoin " + n + ": " + rejoin(cluster, n, true);
      }
    }
    Optional<Members> now = leaderMembers(cluster);
    if (now.isEmpty()) {
      return "no change: no leader lists the members";
    }
    List<Members.Member> learners = now.get().members().stream().filter(m -> !m.isVoter()).toList();
    if (!learners.isEmpty()) {
      String l = learners.get(0).id();
      return "promote pending learner " + l + ": " + (promote(cluster, l) ? "voter" : "still a learner");
    }
    List<String> voters = now.get().members().stream().filter(Members.Member::isVoter).map(Members.Member::id)
        .toList();
    int majorityOfOriginal = cluster.nodeNames().size() / 2 + 1;
    Change change = Change.values()[random.nextInt(Change.values().length)];
    if (voters.size() - 1 < majorityOfOriginal || voters.size() < 2) {
      change = Change.TRANSFER;
    }
    String x = voters.get(random.nextInt(voters.size()));
    return switch (change) {
      case TRANSFER -> transfer(cluster, voters, now.get().leaderId(), random);
      case REMOVE -> {
        if (!remove(cluster, x)) {
          yield "remove " + x + ": not done within " + PATIENCE.toSeconds() + " s";
        }
        removed = x;
        yield "remove " + x + ": removed, stopped and wiped";
      }
      case REPLACE -> remove(cluster, x) ? "replace " + x + ": removed, wiped, " + rejoin(cluster, x, true)
          : "replace " + x + ": remove not done";
      case PROMOTE -> remove(cluster, x) ? "re-add " + x + " as learner and promote: " + rejoin(cluster, x, false)
          : "re-add " + x + ": remove not done";
    };
  }

  @Override
  public void heal(LabCluster cluster) {
    if (removed != null) {
      String x = removed;
      removed = null;
      LOG.info("membership heal: rejoin {}: {}", x, rejoin(cluster, x, true));
    }
  }

  private String transfer(LabCluster cluster, List<String> voters, String leader, RandomGenerator random) {
    List<String> others = voters.stream().filter(v -> !v.equals(leader)).toList();
    if (others.isEmpty()) {
      return "no transfer: no other voter";
    }
    String to = others.get(random.nextInt(others.size()));
    boolean done = change(cluster, () -> cluster.members().transferLeader(cluster.activeUrls(), to),
        m -> to.equals(m.leaderId()));
    return "transfer leadership " + leader + " -> " + to + ": " + (done ? "done" : "not done");
  }

  /** Removes {@code x}; once the leader lists it as gone, stops it and wipes its directory. */
  private boolean remove(LabCluster cluster, String x) {
    if (!change(cluster, () -> cluster.members().remove(urlsExcept(cluster, x), x), m -> m.member(x).isEmpty())) {
      return false;
    }
    // Wiping a node that is still a member would let it vote with an empty log. The removal is
    // confirmed once more, after a pause, by whichever node leads then.
    pause();
    if (!awaitListed(cluster, m -> m.member(x).isEmpty())) {
      throw new IllegalStateException("removal of " + x + " was answered but no leader lists it as removed");
    }
    cluster.retire(x);
    return true;
  }

  /**
   * Starts the wiped {@code x} with {@code --join} and waits until it is a voter. With
   * {@code auto} its own join adds it as an auto-promoted learner; without, the nemesis adds it as
   * a plain learner first and promotes it itself.
   */
  private String rejoin(LabCluster cluster, String x, boolean auto) {
    List<URI> via = urlsExcept(cluster, x);
    if (!auto) {
      String peer = cluster.host(x).ip() + ":" + io.raftkv.chaos.cluster.ClusterOptions.PEER_PORT;
      if (!change(cluster, () -> cluster.members().addLearner(via, x, peer, cluster.url(x).toString()),
          m -> m.member(x).isPresent())) {
        return "add as learner not done";
      }
    }
    cluster.startJoining(x, via);
    boolean voter = auto ? awaitListed(cluster, m -> m.member(x).map(Members.Member::isVoter).orElse(false))
        : promote(cluster, x);
    boolean member = voter || leaderMembers(cluster).map(m -> m.member(x).isPresent()).orElse(false);
    if (auto) {
      // The join made these changes, not change(): its add, and the leader's auto-promotion.
      completed.addAndGet((member ? 1 : 0) + (voter ? 1 : 0));
    }
    return voter ? "joined as learner, now a voter" : member ? "joined, still a learner" : "did not join";
  }

  private boolean promote(LabCluster cluster, String x) {
    return change(cluster, () -> cluster.members().promote(urlsExcept(cluster, x), x),
        m -> m.member(x).map(Members.Member::isVoter).orElse(false));
  }

  /**
   * Sends {@code call} until it answers 200 or the leader's list shows {@code done}, for at most
   * {@link #PATIENCE}. Counts a completed change.
   */
  private boolean change(LabCluster cluster, Supplier<MembersClient.Answer> call, Predicate<Members> done) {
    long deadline = System.nanoTime() + PATIENCE.toNanos();
    while (System.nanoTime() < deadline) {
      MembersClient.Answer a = call.get();
      // A 200 is the member list after the change committed on the leader (docs/API.md).
      boolean happened = a.ok() || leaderMembers(cluster).map(done::test).orElse(false);
      if (happened) {
        completed.incrementAndGet();
        return true;
      }
      int s = a.status();
      if (s == 400 || s == 405 || s == 415) {
        throw new IllegalStateException("membership request refused as malformed: " + s + " " + a.body());
      }
      LOG.debug("membership change not done yet: {} {}", s, a.body());
      if (!pause()) {
        return false;
      }
    }
    return false;
  }

  /** Polls the leader's list until {@code done}, for at most {@link #PATIENCE}. */
  private static boolean awaitListed(LabCluster cluster, Predicate<Members> done) {
    long deadline = System.nanoTime() + PATIENCE.toNanos();
    while (System.nanoTime() < deadline) {
      if (leaderMembers(cluster).map(done::test).orElse(false)) {
        return true;
      }
      if (!pause()) {
        return false;
      }
    }
    return false;
  }

  /**
   * The members as the agreed leader lists them. A follower's list may show a configuration that
   * is appended but not committed (§4.1), which must never be the reason to wipe a node.
   */
  private static Optional<Members> leaderMembers(LabCluster cluster) {
    Optional<String> leader = cluster.leader();
    if (leader.isEmpty() || cluster.isRetired(leader.get())) {
      return Optional.empty();
    }
    return cluster.members().list(List.of(cluster.url(leader.get())))
        .filter(m -> leader.get().equals(m.leaderId()));
  }

  private static List<URI> urlsExcept(LabCluster cluster, String x) {
    return cluster.activeNodeNames().stream().filter(n -> !n.equals(x)).map(cluster::url).toList();
  }

  /** Backs off between attempts; false when interrupted. */
  private static boolean pause() {
    try {
      Thread.sleep(RETRY_PAUSE_MILLIS);
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
