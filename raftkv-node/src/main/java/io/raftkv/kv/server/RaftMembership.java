package io.raftkv.kv.server;

import io.raftkv.api.Members;
import io.raftkv.api.MembersJson.AddRequest;
import io.raftkv.kv.api.KvServiceException;
import io.raftkv.kv.api.KvServiceException.Kind;
import io.raftkv.kv.api.MembershipService;
import io.raftkv.raft.DropReason;
import io.raftkv.raft.PeerStatus;
import io.raftkv.raft.ProposalDroppedException;
import io.raftkv.raft.Status;
import io.raftkv.raft.proto.ConfChange;
import io.raftkv.raft.proto.ConfChangeSingle;
import io.raftkv.raft.proto.ConfChangeType;
import io.raftkv.server.RaftDriver;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The leader-side checks and waits of membership changes (thesis §4: one server at a time, learners
 * first, §4.2.2 removing the leader). Roles come from Raft's configuration, addresses from the replicated
 * {@link MemberTable}; this class owns only what is local to the leader: whether a change it proposed is
 * still in flight ({@code busy}), the learners a rerun of {@code --join} asked to promote although the
 * member table does not record it ({@code rejoinPromote}), and the periodic announcement of this node's
 * own addresses. Promotions asked for when a learner is added are replicated
 * ({@link MemberTable#autoPromote()}), so any later leader carries them out.
 *
 * <p>Every check happens before anything is proposed, so a refused request changes nothing.
 */
final class RaftMembership implements MembershipService, AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(RaftMembership.class);
  private static final long POLL_MILLIS = 20;

  private final ServerConfig config;
  private final KvReplica replica;
  private final RaftDriver driver;
  private final MemberAddress self;
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "membership-" + r.hashCode());
    t.setDaemon(true);
    return t;
  });
  /** Runs the blocking parts of changes (they wait for commit), never an HTTP or Raft thread. */
  private final java.util.concurrent.ExecutorService changes = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "membership-change");
    t.setDaemon(true);
    return t;
  });
  private final AtomicBoolean busy = new AtomicBoolean();
  /** Leader-local, unlike the table's set: a rejoin finds its learner already added, with nothing to replicate. */
  private final Set<String> rejoinPromote = ConcurrentHashMap.newKeySet();

  RaftMembership(ServerConfig config, KvReplica replica, RaftDriver driver) {
    this.config = config;
    this.replica = replica;
    this.driver = driver;
    this.self = MemberAddress.of(config.id(), MemberAddress.hostPort(config.cluster().members().get(config.id())),
        config.advertiseClientUrl());
    timer.scheduleWithFixedDelay(this::background, 500, 200, TimeUnit.MILLISECONDS);
  }

  @Override
  public Members members() {
    return members(status());
  }

  private Members members(Status s) {
    MemberTable table = replica.members();
    TreeSet<String> ids = new TreeSet<>(s.confState().voters());
    ids.addAll(s.confState().votersOutgoing());
    ids.addAll(s.confState().learners());
    boolean leader = s.id().equals(s.leaderId());
    List<Members.Member> out = new ArrayList<>();
    for (String id : ids) {
      MemberAddress a = table.get(id);
      PeerStatus p = leader ? s.progress().get(id) : null;
      long match = p == null ? -1 : p.matchIndex();
      out.add(new Members.Member(id, a == null ? "" : a.peerAddress(), a == null ? "" : a.clientUrl(),
          s.confState().learners().contains(id) ? "learner" : "voter", match,
          p == null ? -1 : Math.max(0, s.commitIndex() - match)));
    }
    return new Members(table.configIndex(), s.leaderId(), out);
  }

  @Override
  public CompletableFuture<Members> add(AddRequest req, boolean promoteWhenCaughtUp, OptionalLong ifMatch) {
    return guarded(() -> {
      MemberAddress m;
      try {
        m = MemberAddress.of(req.id(), req.peerAddress(), req.clientUrl());
      } catch (IllegalArgumentException bad) {
        throw new KvServiceException(Kind.BAD_REQUEST, bad.getMessage());
      }
      if (m.clientUrl().isEmpty()) {
        throw new KvServiceException(Kind.BAD_REQUEST, "clientUrl is required");
      }
      Status s = leaderStatus();
      MemberTable table = replica.members();
      MemberAddress existing = table.get(m.id());
      if (existing != null && existing.equals(m) && isMember(s, m.id())) {
        // The same member again (a rerun of --join after a crash): nothing to do.
        if (promoteWhenCaughtUp && s.confState().learners().contains(m.id()) && !table.autoPromote().contains(m.id())) {
          rejoinPromote.add(m.id());
        }
        return CompletableFuture.completedFuture(members(s));
      }
      if (existing != null || isMember(s, m.id())) {
        throw conflict("member id " + m.id() + " already exists" + (existing == null ? ""
            : " with peerAddress " + existing.peerAddress() + " and clientUrl " + existing.clientUrl()));
      }
      for (MemberAddress other : table.members().values()) {
        if (other.peerAddress().equals(m.peerAddress()) || other.clientUrl().equals(m.clientUrl())) {
          throw conflict("address already used by member " + other.id() + " (" + other.peerAddress() + ", "
              + other.clientUrl() + ")");
        }
      }
      checkIfMatch(table, ifMatch);
      CompletableFuture<Members> done = propose(s, table,
          new ConfChangeSingle(ConfChangeType.ADD_LEARNER, m.id(),
              promoteWhenCaughtUp ? m.toContextPromotingWhenCaughtUp() : m.toContext()),
          () -> m.equals(replica.members().get(m.id())));
      return done;
    });
  }

  @Override
  public CompletableFuture<Members> promote(String id, boolean force, OptionalLong ifMatch) {
    return guarded(() -> {
      Status s = leaderStatus();
      requireMember(s, id);
      if (!s.confState().learners().contains(id)) {
        throw conflict(id + " is already a voter");
      }
      long behind = behind(s, id);
      if (behind > config.promoteMaxLag()) {
        throw conflict(id + " is " + (behind == Long.MAX_VALUE ? "an unknown number of" : behind)
            + " entries behind the commit index (promotion needs at most " + config.promoteMaxLag()
            + "); retry when it has caught up");
      }
      Set<String> voters = new TreeSet<>(s.confState().voters());
      voters.add(id);
      checkQuorum(s, voters, Set.of(id), force, "promoting " + id);
      MemberTable table = replica.members();
      checkIfMatch(table, ifMatch);
      MemberAddress a = table.get(id);
      return propose(s, table, new ConfChangeSingle(ConfChangeType.ADD_NODE, id, a == null ? null : a.toContext()),
          () -> true);
    });
  }

  @Override
  public CompletableFuture<Members> remove(String id, boolean force, OptionalLong ifMatch) {
    return guarded(() -> {
      Status s = leaderStatus();
      requireMember(s, id);
      boolean voter = s.confState().voters().contains(id);
      if (voter && s.confState().voters().size() == 1) {
        throw conflict(id + " is the last voter; a cluster cannot remove its last voter");
      }
      if (voter) {
        Set<String> voters = new TreeSet<>(s.confState().voters());
        voters.remove(id);
        checkQuorum(s, voters, Set.of(), force, "removing " + id);
      }
      MemberTable table = replica.members();
      checkIfMatch(table, ifMatch);
      if (id.equals(s.id())) {
        String to = mostCaughtUpVoter(s);
        if (to != null && transferred(to)) {
          // §4.2.2 done gracefully: the new leader removes this node; the HTTP layer forwards there.
          throw notLeader();
        }
        log.info("removing the leader {} without a transfer (no caught-up voter took over)", id);
      }
      rejoinPromote.remove(id);
      return propose(s, table, new ConfChangeSingle(ConfChangeType.REMOVE_NODE, id), () -> true);
    });
  }

  @Override
  public CompletableFuture<String> transferLeader(String to) {
    return CompletableFuture.supplyAsync(() -> {
      Status s = leaderStatus();
      String target = to != null ? to : mostCaughtUpVoter(s);
      if (target == null) {
        throw conflict("no other voter to transfer leadership to");
      }
      requireMember(s, target);
      if (!s.confState().voters().contains(target)) {
        throw conflict(target + " is a learner; only voters can lead");
      }
      if (target.equals(s.id())) {
        return target;
      }
      if (!transferred(target)) {
        throw new KvServiceException(Kind.TIMEOUT, "leadership did not move to " + target + " within "
            + transferTimeoutMillis() + " ms; current leader " + driver.softState().leaderId());
      }
      return target;
    }, changes).exceptionallyCompose(e -> CompletableFuture.failedFuture(unwrap(e)));
  }

  /** Runs a change on the timer thread, one at a time on this node. */
  private CompletableFuture<Members> guarded(java.util.function.Supplier<CompletableFuture<Members>> change) {
    return CompletableFuture.supplyAsync(() -> {
      if (!busy.compareAndSet(false, true)) {
        throw conflict("another membership change is in progress on this leader; retry when it completed");
      }
      try {
        return change.get().whenComplete((r, e) -> busy.set(false));
      } catch (RuntimeException e) {
        busy.set(false);
        throw e;
      }
    }, changes).thenCompose(f -> f)
        .exceptionallyCompose(e -> CompletableFuture.failedFuture(unwrap(e)));
  }

  /** Proposes {@code change}; completes once it is applied here and {@code also} holds. */
  private CompletableFuture<Members> propose(Status s, MemberTable before, ConfChangeSingle change,
      BooleanSupplier also) {
    if (s.confState().isJoint()) {
      throw conflict("a joint configuration is in progress; retry when it completed");
    }
    try {
      driver.proposeConfChange(ConfChange.of(change)).join();
    } catch (CompletionException e) {
      Throwable cause = unwrap(e);
      if (cause instanceof ProposalDroppedException d) {
        throw d.reason() == DropReason.CONF_CHANGE_PENDING
            ? conflict("another membership change is in progress; retry when it completed")
            : new KvServiceException(Kind.NOT_APPLIED_RETRYABLE, "not applied: " + d.reason().name().toLowerCase());
      }
      if (cause instanceof IllegalArgumentException bad) {
        throw conflict(bad.getMessage());
      }
      throw new KvServiceException(Kind.INTERNAL, String.valueOf(cause.getMessage()), null, cause);
    }
    log.info("proposed membership change {}", change);
    long deadline = System.nanoTime() + config.requestTimeout().toNanos();
    while (replica.members().configIndex() <= before.configIndex() || !also.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new KvServiceException(Kind.TIMEOUT, "membership change " + change
            + " not applied within the request timeout; read GET /v1/members to learn its outcome");
      }
      sleepPoll();
    }
    return CompletableFuture.completedFuture(members());
  }

  private boolean transferred(String to) {
    driver.transferLeadership(to);
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(transferTimeoutMillis());
    while (System.nanoTime() < deadline) {
      if (to.equals(driver.softState().leaderId())) {
        return true;
      }
      sleepPoll();
    }
    return false;
  }

  /** The upper bound of the randomized election timeout, [T, 2T). */
  private long transferTimeoutMillis() {
    return 2 * config.node().electionTimeout().toMillis();
  }

  private void checkQuorum(Status s, Set<String> newVoters, Set<String> assumeReachable, boolean force,
      String what) {
    int reachable = 0;
    for (String v : newVoters) {
      PeerStatus p = s.progress().get(v);
      if (v.equals(s.id()) || assumeReachable.contains(v) || (p != null && p.recentActive())) {
        reachable++;
      }
    }
    int quorum = newVoters.size() / 2 + 1;
    if (reachable < quorum && !force) {
      throw conflict(what + " would leave " + reachable + " reachable voters of " + newVoters.size()
          + ", fewer than the quorum of " + quorum + "; add ?force=true to do it anyway");
    }
  }

  private String mostCaughtUpVoter(Status s) {
    String best = null;
    long bestMatch = -1;
    for (String v : s.confState().voters()) {
      PeerStatus p = s.progress().get(v);
      if (!v.equals(s.id()) && p != null && p.recentActive() && p.matchIndex() > bestMatch) {
        best = v;
        bestMatch = p.matchIndex();
      }
    }
    return best;
  }

  /**
   * How far {@code id} trails the commit index; unknown ({@link Long#MAX_VALUE}) until it has acknowledged an
   * entry or a snapshot. Without that rule a learner that never answered (not started yet, wrong address) would
   * count as caught up on a young cluster whose whole log is shorter than {@code --promote-max-lag}, and an
   * auto-promote would turn it into a voter that cannot vote.
   */
  private static long behind(Status s, String id) {
    PeerStatus p = s.progress().get(id);
    return p == null || p.matchIndex() == 0 ? Long.MAX_VALUE : Math.max(0, s.commitIndex() - p.matchIndex());
  }

  private void checkIfMatch(MemberTable table, OptionalLong ifMatch) {
    if (ifMatch.isPresent() && ifMatch.getAsLong() != table.configIndex()) {
      throw new KvServiceException(Kind.PRECONDITION_FAILED, "the configuration is at index "
          + table.configIndex() + ", not " + ifMatch.getAsLong() + "; read GET /v1/members again");
    }
  }

  private static boolean isMember(Status s, String id) {
    return s.confState().voters().contains(id) || s.confState().learners().contains(id)
        || s.confState().votersOutgoing().contains(id);
  }

  private static void requireMember(Status s, String id) {
    if (!isMember(s, id)) {
      throw new KvServiceException(Kind.NOT_FOUND, "no member " + id);
    }
  }

  private Status leaderStatus() {
    Status s = status();
    if (!s.id().equals(s.leaderId())) {
      throw notLeader();
    }
    return s;
  }

  private KvServiceException notLeader() {
    String leader = driver.softState().leaderId();
    MemberAddress a = leader == null ? null : replica.members().get(leader);
    if (a == null || a.clientUrl().isEmpty()) {
      return new KvServiceException(Kind.NO_LEADER, "this node is not the leader and knows no leader's URL; retry later");
    }
    return new KvServiceException(Kind.NOT_LEADER, "not the leader; the leader is " + leader, a.clientUrl(), null);
  }

  private Status status() {
    try {
      return driver.status().get(2, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new KvServiceException(Kind.INTERNAL, "node status unavailable: " + e.getMessage(), null, e);
    }
  }

  /** Announces this node's addresses when the table lacks them, and promotes caught-up learners. */
  private void background() {
    try {
      if (driver.softState().leaderId() == null) {
        return;
      }
      MemberAddress known = replica.members().get(self.id());
      if (known != null && !known.equals(self)) {
        driver.propose(MemberAnnouncement.encode(self));
      }
      MemberTable table = replica.members();
      if ((!table.autoPromote().isEmpty() || !rejoinPromote.isEmpty())
          && config.id().equals(driver.softState().leaderId()) && !busy.get()) {
        Status s = status();
        Set<String> pending = new TreeSet<>(table.autoPromote());
        pending.addAll(rejoinPromote);
        for (String id : pending) {
          if (!s.confState().learners().contains(id)) {
            rejoinPromote.remove(id);
          } else if (behind(s, id) <= config.promoteMaxLag()) {
            promote(id, false, OptionalLong.empty()).whenComplete((r, e) -> {
              if (e == null) {
                log.info("auto-promoted {} to voter", id);
                rejoinPromote.remove(id);
              }
            });
            break;
          }
        }
      }
    } catch (RuntimeException e) {
      log.debug("membership background pass failed: {}", e.toString());
    }
  }

  private static void sleepPoll() {
    try {
      Thread.sleep(POLL_MILLIS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new KvServiceException(Kind.INTERNAL, "interrupted");
    }
  }

  private static KvServiceException conflict(String message) {
    return new KvServiceException(Kind.CONFLICT, message);
  }

  private static Throwable unwrap(Throwable e) {
    return e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
  }

  @Override
  public void close() {
    timer.shutdownNow();
    changes.shutdownNow();
  }
}
