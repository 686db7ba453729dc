package io.raftkv.kv.server;

import io.raftkv.api.ClusterStatus;
import io.raftkv.api.Consistency;
import io.raftkv.api.KvResult;
import io.raftkv.api.ReadOp;
import io.raftkv.api.ReadResult;
import io.raftkv.kv.KvCommand;
import io.raftkv.kv.KvCommandCodec;
import io.raftkv.kv.api.KvService;
import io.raftkv.kv.api.KvServiceException.Kind;
import io.raftkv.kv.api.KvServiceException;
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
final class RaftKvService implements KvService {

  private final ServerConfig config;
  private final KvReplica replica;
  private final RaftDriver driver;
  private final long processPrefix = new SecureRandom().nextLong();
  private final AtomicLong sequence = new AtomicLong();
  private final AtomicLong failedWrites = new AtomicLong();
  private final long timeoutMillis;

  RaftKvService(ServerConfig config, KvReplica replica, RaftDriver driver) {
    this.config = config;
    this.replica = replica;
    this.driver = driver;
    this.timeoutMillis = config.requestTimeout().toMillis();
  }

  @Override
  public CompletableFuture<KvResult> write(KvCommand cmd) {
    try {
      replica.state().limits().validate(cmd);
    } catch (IllegalArgumentException bad) {
      return CompletableFuture.failedFuture(new KvServiceException(Kind.BAD_REQUEST, bad.getMessage()));
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
      return CompletableFuture.completedFuture(replica.state().read(query));
    }
    if (driver.softState().leaderId() == null) {
      return CompletableFuture.failedFuture(new KvServiceException(Kind.NO_LEADER, "no leader known; retry later"));
    }
    CompletableFuture<ReadResult> out = new CompletableFuture<>();
    // The barrier completes on the applier thread once applied >= read index, so this read sees a state
    // at least as new as every write committed before the read started.
    driver.readBarrier().orTimeout(timeoutMillis, TimeUnit.MILLISECONDS).whenComplete((index, e) -> {
      if (e == null) {
        out.complete(replica.state().read(query));
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

  @Override
  public ClusterStatus clusterStatus() {
    Status s = status();
    TreeSet<String> ids = new TreeSet<>(s.confState().voters());
    ids.addAll(s.confState().votersOutgoing());
    ids.addAll(s.confState().learners());
    List<ClusterStatus.Member> members = new ArrayList<>();
    Map<String, InetSocketAddress> peers = config.cluster().members();
    for (String id : ids) {
      PeerStatus p = s.progress().get(id);
      String role = id.equals(s.leaderId()) ? "leader"
          : s.confState().learners().contains(id) ? "learner"
          : id.equals(s.id()) ? s.role().name().toLowerCase() : "follower";
      InetSocketAddress peer = peers.get(id);
      members.add(new ClusterStatus.Member(id, peer == null ? null : peer.getHostString() + ":" + peer.getPort(),
          id.equals(s.id()) ? clientUrl() : null, role, p == null ? -1 : p.matchIndex(),
          p == null ? -1 : p.nextIndex(), p == null ? "unknown" : p.state()));
    }
    return new ClusterStatus(config.effectiveClusterId(), s.id(), s.leaderId(), s.currentTerm(), s.commitIndex(),
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

  private String clientUrl() {
    InetSocketAddress a = config.clientAddress();
    return "http://" + a.getHostString() + ":" + a.getPort();
  }

  private static Throwable unwrap(Throwable e) {
    return e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
  }

}
