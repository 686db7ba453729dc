package io.raftkv.kv.server;

import io.raftkv.api.ClusterStatus;
import io.raftkv.api.Consistency;
import io.raftkv.api.KeyRange;
import io.raftkv.api.KvResult;
import io.raftkv.api.ReadOp;
import io.raftkv.api.ReadResult;
import io.raftkv.kv.KvCommand;
import io.raftkv.kv.WatchFilter;
import io.raftkv.kv.Watcher;
import io.raftkv.kv.KvCommandCodec;
import io.raftkv.api.Members;
import io.raftkv.api.MembersJson.AddRequest;
import io.raftkv.kv.api.KvService;
import io.raftkv.kv.api.SnapshotStream;
import io.raftkv.raft.log.SnapshotUnavailableException;
import io.raftkv.raft.log.WritableStorage;
import io.raftkv.raft.proto.SnapshotMetadata;
import java.io.IOException;
import java.io.InputStream;
import io.raftkv.kv.api.MembershipService;
import io.raftkv.kv.api.KvServiceException.Kind;
import io.raftkv.kv.api.KvServiceException;
import io.raftkv.kv.api.StoreCalls;
import io.raftkv.raft.DropReason;
import io.raftkv.raft.PeerStatus;
import io.raftkv.raft.ProposalDroppedException;
import io.raftkv.raft.Status;
import io.raftkv.server.OverloadedException;
import io.raftkv.server.RaftDriver;
import io.raftkv.server.ReadNotConfirmedException;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The product's {@link KvService}: writes are proposed through Raft and answered when this node applies
 * them; linearizable reads wait for a ReadIndex barrier (thesis §6.4), serializable reads answer from local
 * state.
 *
 * <p>Outcome classes (what a client may conclude): a proposal the core refused was NOT applied (503 or
 * 429); a proposal accepted but not applied within the request timeout has an UNKNOWN outcome (504).
 */
final class RaftKvService implements KvService, MembershipService {

  private final ServerConfig config;
  private final KvReplica replica;
  private final RaftDriver driver;
  private final long processPrefix = new SecureRandom().nextLong();
  private final AtomicLong sequence = new AtomicLong();
  private final AtomicLong failedWrites = new AtomicLong();
  private final long timeoutMillis;
  private final RaftMembership membership;
  /** Null in tests without snapshots. */
  private final WritableStorage storage;
  private final String clusterId;
  private final WriteQuota quota;

  RaftKvService(ServerConfig config, KvReplica replica, RaftDriver driver, RaftMembership membership) {
    this(config, replica, driver, membership, null, config.effectiveClusterId());
  }

  /** With {@code storage} (the driver's), which serves {@link #snapshot} backups. */
  RaftKvService(ServerConfig config, KvReplica replica, RaftDriver driver, RaftMembership membership,
      WritableStorage storage, String clusterId) {
    this.storage = storage;
    this.clusterId = clusterId;
    this.config = config;
    this.replica = replica;
    this.driver = driver;
    this.membership = membership;
    this.timeoutMillis = config.requestTimeout().toMillis();
    this.quota = new WriteQuota(config.budget().quotaBytes());
  }

  @Override
  public CompletableFuture<KvResult> write(KvCommand cmd) {
    KvServiceException inadmissible = StoreCalls.refusal(replica.state(), cmd);
    if (inadmissible == null) {
      inadmissible = quota.refusal(replica.state(), cmd);
    }
    if (inadmissible != null) {
      return CompletableFuture.failedFuture(inadmissible);
    }
    if (replica.waitingCount() >= config.node().maxPendingProposals()) {
      failedWrites.incrementAndGet();
      return CompletableFuture.failedFuture(
          new KvServiceException(Kind.OVERLOADED, "too many writes in flight; retry later"));
    }
    RequestId id = new RequestId(processPrefix, sequence.incrementAndGet());
    CompletableFuture<KvResult> applied = replica.await(id);
    driver.propose(EntryPayload.encode(id, KvCommandCodec.encode(cmd))).whenComplete((ok, refused) -> {
      if (refused != null) {
        applied.completeExceptionally(refused);
      }
    });
    CompletableFuture<KvResult> out = new CompletableFuture<>();
    applied.orTimeout(timeoutMillis, TimeUnit.MILLISECONDS).whenComplete((r, e) -> {
      if (e == null) {
        out.complete(r);
      } else {
        out.completeExceptionally(writeFailure(unwrap(e)));
      }
    });
    return out;
  }

  /** Writes this node accepted for proposal and not yet answered (metrics). */
  long pendingWrites() {
    return replica.waitingCount();
  }

  /** The write quota, for metrics. */
  WriteQuota quota() {
    return quota;
  }

  /** Writes that failed after validation: refused, dropped, overloaded or timed out (metrics). */
  long failedWrites() {
    return failedWrites.get();
  }

  private KvServiceException writeFailure(Throwable e) {
    failedWrites.incrementAndGet();
    if (e instanceof ProposalDroppedException dropped) {
      Kind kind = dropped.reason() == DropReason.TOO_MANY_UNCOMMITTED ? Kind.OVERLOADED
          : dropped.reason() == DropReason.NO_LEADER ? Kind.NO_LEADER : Kind.NOT_APPLIED_RETRYABLE;
      return new KvServiceException(kind, "not applied: " + dropped.reason().name().toLowerCase());
    }
    if (e instanceof OverloadedException) {
      return new KvServiceException(Kind.OVERLOADED, "node overloaded; not applied");
    }
    if (e instanceof TimeoutException) {
      return new KvServiceException(Kind.TIMEOUT,
          "commit not confirmed within " + timeoutMillis + " ms; the write may or may not have been applied");
    }
    return new KvServiceException(Kind.INTERNAL, String.valueOf(e.getMessage()), null, e);
  }

  @Override
  public CompletableFuture<ReadResult> read(ReadOp query, Consistency consistency) {
    if (consistency == Consistency.SERIALIZABLE || config.unsafeLocalReads()) {
      return StoreCalls.read(replica.state(), query);
    }
    // The barrier completes on the applier thread once applied >= read index, so this read sees a state
    // at least as new as every write committed before the read started.
    return barrier().thenCompose(index -> StoreCalls.read(replica.state(), query));
  }

  /** A ReadIndex barrier with its failures mapped to service errors. */
  private CompletableFuture<Long> barrier() {
    if (driver.softState().leaderId() == null) {
      return CompletableFuture.failedFuture(new KvServiceException(Kind.NO_LEADER, "no leader known; retry later"));
    }
    CompletableFuture<Long> out = new CompletableFuture<>();
    driver.readBarrier().orTimeout(timeoutMillis, TimeUnit.MILLISECONDS).whenComplete((index, e) -> {
      if (e == null) {
        out.complete(index);
        return;
      }
      Throwable cause = unwrap(e);
      if (cause instanceof OverloadedException) {
        out.completeExceptionally(new KvServiceException(Kind.OVERLOADED, "node overloaded"));
      } else if (cause instanceof ReadNotConfirmedException || cause instanceof TimeoutException) {
        out.completeExceptionally(new KvServiceException(
            driver.softState().leaderId() == null ? Kind.NO_LEADER : Kind.TIMEOUT,
            "linearizable read not confirmed by a quorum in time"));
      } else {
        out.completeExceptionally(new KvServiceException(Kind.INTERNAL, String.valueOf(cause.getMessage()), null, cause));
      }
    });
    return out;
  }

  /**
   * A backup: (linearizable) a ReadIndex barrier, then a snapshot of everything applied, made current and
   * durable by the applier, streamed from its file. The file is opened before anything else can replace
   * it, and stays readable after a newer snapshot deletes it.
   */
  @Override
  public CompletableFuture<SnapshotStream> snapshot(Consistency consistency) {
    if (storage == null) {
      return KvService.super.snapshot(consistency);
    }
    CompletableFuture<Long> ready = consistency == Consistency.SERIALIZABLE
        ? CompletableFuture.completedFuture(driver.lastApplied()) : barrier();
    return ready.thenCompose(index -> driver.snapshotNow()).handle((md, e) -> {
      if (e != null) {
        Throwable cause = unwrap(e);
        throw cause instanceof KvServiceException kse ? kse
            : new KvServiceException(Kind.INTERNAL, "snapshot failed: " + cause.getMessage(), null, cause);
      }
      return open(md);
    });
  }

  private SnapshotStream open(SnapshotMetadata md) {
    SnapshotMetadata current = md;
    for (int attempt = 0; ; attempt++) {
      try {
        InputStream data = storage.openSnapshot(current.index());
        return new SnapshotStream(current.index(), current.term(), Backups.encode(current, clusterId, data));
      } catch (SnapshotUnavailableException newer) {
        // Replaced by a newer snapshot in between: that one is just as consistent and newer still.
        current = storage.snapshotMetadata();
        if (attempt == 3) {
          throw new KvServiceException(Kind.NOT_APPLIED_RETRYABLE, "snapshots replaced too fast; retry");
        }
      } catch (IOException e) {
        throw new KvServiceException(Kind.INTERNAL, "cannot read snapshot: " + e.getMessage(), null, e);
      }
    }
  }

  @Override
  public Watcher watch(KeyRange range, long startRevision, WatchFilter filter, boolean prevKv, Runnable wake) {
    return replica.state().watch(range, startRevision, filter, prevKv, wake);
  }

  @Override
  public boolean leaderKnown() {
    return driver.softState().leaderId() != null;
  }

  @Override
  public ClusterStatus clusterStatus() {
    Status s = status();
    TreeSet<String> ids = new TreeSet<>(s.confState().voters());
    ids.addAll(s.confState().votersOutgoing());
    ids.addAll(s.confState().learners());
    List<ClusterStatus.Member> members = new ArrayList<>();
    Map<String, InetSocketAddress> peers = config.cluster().members();
    MemberTable table = replica.members();
    for (String id : ids) {
      PeerStatus p = s.progress().get(id);
      String role = id.equals(s.leaderId()) ? "leader"
          : s.confState().learners().contains(id) ? "learner"
          : id.equals(s.id()) ? s.role().name().toLowerCase() : "follower";
      MemberAddress known = table.get(id);
      InetSocketAddress peer = peers.get(id);
      String peerAddress = known != null && !known.peerAddress().isEmpty() ? known.peerAddress()
          : peer == null ? null : MemberAddress.hostPort(peer);
      String url = id.equals(s.id()) ? config.advertiseClientUrl()
          : known != null && !known.clientUrl().isEmpty() ? known.clientUrl() : null;
      members.add(new ClusterStatus.Member(id, peerAddress, url, role, p == null ? -1 : p.matchIndex(),
          p == null ? -1 : p.nextIndex(), p == null ? "unknown" : p.state()));
    }
    return new ClusterStatus(clusterId, s.id(), s.leaderId(), s.currentTerm(), s.commitIndex(),
        driver.lastApplied(), members);
  }

  @Override
  public boolean healthy() {
    Status s = status();
    return s.leaderId() != null && driver.lastApplied() >= s.commitIndex();
  }

  private Status status() {
    try {
      return driver.status().get(2, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new KvServiceException(Kind.INTERNAL, "node status unavailable: " + e.getMessage(), null, e);
    }
  }

  // ---- MembershipService: delegated, so the HTTP layer finds both on one service ----

  @Override
  public Members members() {
    return membership.members();
  }

  @Override
  public CompletableFuture<Members> add(AddRequest member, boolean autoPromote, OptionalLong ifMatch) {
    return membership.add(member, autoPromote, ifMatch);
  }

  @Override
  public CompletableFuture<Members> promote(String id, boolean force, OptionalLong ifMatch) {
    return membership.promote(id, force, ifMatch);
  }

  @Override
  public CompletableFuture<Members> remove(String id, boolean force, OptionalLong ifMatch) {
    return membership.remove(id, force, ifMatch);
  }

  @Override
  public CompletableFuture<String> transferLeader(String to) {
    return membership.transferLeader(to);
  }

  private static Throwable unwrap(Throwable e) {
    return e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
  }

}
