package io.raftkv.kv.server;

import io.raftkv.api.Op;
import io.raftkv.kv.KvCommand;
import io.raftkv.kv.KvStateMachine;
import io.raftkv.kv.api.KvServiceException;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The write quota ({@code --quota-bytes}, etcd's {@code --quota-backend-bytes}): a write that adds data is
 * refused with 507 {@code no_space} when the store's estimated heap plus what the write adds would pass the
 * quota. Deletes and compactions always pass, so an operator can free space without raising the quota.
 *
 * <p>An admission check on the node that receives the write, like the size limits, not a rule of the state
 * machine: replicas apply whatever was committed, so a quota that differs between nodes cannot make them
 * diverge. Owns the count of refusals (for {@code /metrics}).
 */
final class WriteQuota {

  private final long quotaBytes;
  private final AtomicLong refused = new AtomicLong();

  WriteQuota(long quotaBytes) {
    this.quotaBytes = quotaBytes;
  }

  /** Why {@code cmd} must not be proposed now, or null. */
  KvServiceException refusal(KvStateMachine state, KvCommand cmd) {
    long adds = adds(cmd);
    if (quotaBytes == 0 || adds == 0) {
      return null;
    }
    long used = state.storeBytes();
    if (used + adds <= quotaBytes) {
      return null;
    }
    refused.incrementAndGet();
    return new KvServiceException(KvServiceException.Kind.NO_SPACE, "the store holds about " + used
        + " bytes, and this write would pass the quota of " + quotaBytes + " bytes (--quota-bytes); not applied."
        + " Delete keys, or compact history (POST /v1/compact), to free space");
  }

  /** Writes refused since start. */
  long refused() {
    return refused.get();
  }

  /** The bytes {@code cmd} may add at most (every put of a transaction, whichever branch runs). */
  private static long adds(KvCommand cmd) {
    if (cmd instanceof KvCommand.Put p) {
      return KvStateMachine.bytesOfPut(p.key(), p.value());
    }
    if (cmd instanceof KvCommand.Txn t) {
      return Math.max(puts(t.request().success()), puts(t.request().failure()));
    }
    return 0;
  }

  private static long puts(List<Op> ops) {
    long sum = 0;
    for (Op op : ops) {
      if (op instanceof Op.Put p) {
        sum += KvStateMachine.bytesOfPut(p.key(), p.value());
      }
    }
    return sum;
  }
}
