package io.raftkv.kv.server.metrics;

import io.raftkv.kv.http.HealthCheck;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * The checks of {@code /livez} and {@code /readyz}.
 *
 * <p>Liveness asks only whether this node's own threads make progress, so that a 503 reliably means
 * "restart me": a partitioned or leaderless node is alive. The event loop passes at least once a tick; the
 * Persister and the applier may idle, so they fail only when they hold work and made no progress for
 * {@code stallAfter}. Readiness asks whether this node can serve a linearizable request now.
 *
 * <p>The applier check keeps the one piece of state here (when {@code lastApplied} last moved); it is
 * updated under this object's lock because probes may run concurrently.
 */
public final class NodeProbes {

  private static final long APPLIED_POLL_MILLIS = 10;

  private final NodeView node;
  private final LongSupplier nanoClock;
  private final long stallAfterNanos;
  private final Duration readTimeout;
  private final long maxApplyBacklogBytes;

  private long appliedSeen = -1;
  private long appliedSeenAtNanos;

  /**
   * @param stallAfter how long a thread may hold work without progress before liveness fails
   * @param readTimeout how long the readiness ReadIndex round (and the voter query) may take
   * @param maxApplyBacklogBytes readiness fails while more committed bytes than this wait for the applier
   */
  public NodeProbes(NodeView node, LongSupplier nanoClock, Duration stallAfter, Duration readTimeout,
      long maxApplyBacklogBytes) {
    this.node = node;
    this.nanoClock = nanoClock;
    this.stallAfterNanos = stallAfter.toNanos();
    this.readTimeout = readTimeout;
    this.maxApplyBacklogBytes = maxApplyBacklogBytes;
  }

  public List<HealthCheck> livez() {
    return List.of(
        HealthCheck.of("event_loop", this::eventLoop),
        HealthCheck.of("persister", this::persister),
        HealthCheck.of("applier", this::applier),
        HealthCheck.of("no_fatal_error", this::noFatalError));
  }

  public List<HealthCheck> readyz() {
    return List.of(
        HealthCheck.of("leader", () -> node.leaderId() == null ? "no leader is known" : null),
        async("applied", this::applied),
        async("read_index", this::readIndex),
        async("voter", this::voter),
        HealthCheck.of("apply_backlog", this::applyBacklog));
  }

  String eventLoop() {
    long idle = nanoClock.getAsLong() - node.lastLoopPassNanos();
    return idle > stallAfterNanos ? "the Raft event loop has not completed a pass for " + millis(idle) + " ms" : null;
  }

  String persister() {
    long since = node.persistPendingSinceNanos();
    long waited = nanoClock.getAsLong() - since;
    return since != 0 && waited > stallAfterNanos
        ? "a Ready has waited " + millis(waited) + " ms for the disk (stuck write or fsync)" : null;
  }

  synchronized String applier() {
    long applied = node.lastApplied();
    long now = nanoClock.getAsLong();
    if (applied != appliedSeen || node.applyBacklogBytes() == 0) {
      appliedSeen = applied;
      appliedSeenAtNanos = now;
      return null;
    }
    long stalled = now - appliedSeenAtNanos;
    return stalled > stallAfterNanos ? node.applyBacklogBytes() + " bytes wait for the applier, which applied"
        + " nothing for " + millis(stalled) + " ms (lastApplied " + applied + ")" : null;
  }

  String noFatalError() {
    Throwable fatal = node.fatalError();
    return fatal == null ? null : "the node stopped itself: " + fatal;
  }

  /**
   * Under load applied trails commit by the entries on their way to the applier, so the check asks whether
   * applied reaches the commit index seen at the probe's start within {@code readTimeout}, polling.
   */
  CompletableFuture<String> applied() {
    long commit = node.commitIndex();
    long deadline = nanoClock.getAsLong() + readTimeout.toNanos();
    CompletableFuture<String> out = new CompletableFuture<>();
    pollApplied(commit, deadline, out);
    return out;
  }

  private void pollApplied(long commit, long deadline, CompletableFuture<String> out) {
    long applied = node.lastApplied();
    if (applied >= commit) {
      out.complete(null);
    } else if (nanoClock.getAsLong() - deadline >= 0) {
      out.complete("applied index " + applied + " did not reach commit index " + commit + " within "
          + readTimeout.toMillis() + " ms");
    } else {
      CompletableFuture.delayedExecutor(APPLIED_POLL_MILLIS, TimeUnit.MILLISECONDS)
          .execute(() -> pollApplied(commit, deadline, out));
    }
  }

  CompletableFuture<String> readIndex() {
    if (node.leaderId() == null) {
      return CompletableFuture.completedFuture("no leader to confirm a ReadIndex round");
    }
    return node.readBarrier().orTimeout(readTimeout.toMillis(), TimeUnit.MILLISECONDS)
        .handle((index, e) -> e == null ? null : e instanceof TimeoutException || e.getCause() instanceof TimeoutException
            ? "ReadIndex round not confirmed within " + readTimeout.toMillis() + " ms"
            : "ReadIndex round failed: " + (e.getCause() == null ? e : e.getCause()));
  }

  CompletableFuture<String> voter() {
    return node.isVoter().orTimeout(readTimeout.toMillis(), TimeUnit.MILLISECONDS)
        .handle((voter, e) -> e != null ? "membership unavailable: " + (e.getCause() == null ? e : e.getCause())
            : voter ? null : "this node is not a voter (a learner, or removed)");
  }

  String applyBacklog() {
    long backlog = node.applyBacklogBytes();
    return backlog > maxApplyBacklogBytes
        ? backlog + " bytes of committed entries wait for the applier (cap " + maxApplyBacklogBytes + ")" : null;
  }

  private static long millis(long nanos) {
    return nanos / 1_000_000;
  }

  private static HealthCheck async(String name, Supplier<CompletableFuture<String>> check) {
    return new HealthCheck() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public CompletableFuture<String> run() {
        return check.get();
      }
    };
  }
}
