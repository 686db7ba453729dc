package io.raftkv.kv.api;

import io.raftkv.api.ReadOp;
import io.raftkv.api.ReadResult;
import io.raftkv.kv.KvCommand;
import io.raftkv.kv.KvStateMachine;
import io.raftkv.kv.RevisionUnavailableException;
import java.util.concurrent.CompletableFuture;

/**
 * The two calls a {@link KvService} makes on its {@link KvStateMachine} (admission of a write, a local
 * read), with the store's refusals mapped to {@link KvServiceException}s in one place: the mapping of a
 * compacted or future revision to its error kind is part of the API contract, so every service uses this.
 */
public final class StoreCalls {

  private StoreCalls() {}

  /** Why {@code cmd} must not be proposed (a limit, a future compaction), or {@code null} when it may be. */
  public static KvServiceException refusal(KvStateMachine state, KvCommand cmd) {
    try {
      state.admit(cmd);
      return null;
    } catch (IllegalArgumentException e) {
      return new KvServiceException(KvServiceException.Kind.BAD_REQUEST, e.getMessage());
    } catch (RevisionUnavailableException e) {
      return failure(e);
    }
  }

  /** Reads {@code query} now; a compacted or future revision fails the future. */
  public static CompletableFuture<ReadResult> read(KvStateMachine state, ReadOp query) {
    try {
      return CompletableFuture.completedFuture(state.read(query));
    } catch (RevisionUnavailableException e) {
      return CompletableFuture.failedFuture(failure(e));
    }
  }

  static KvServiceException failure(RevisionUnavailableException e) {
    return e.compacted() ? KvServiceException.compacted(e.getMessage(), e.compactRevision())
        : new KvServiceException(KvServiceException.Kind.FUTURE_REVISION, e.getMessage());
  }
}
