package io.raftkv.api;

/**
 * The outcome of a write: {@link PutResult}, {@link DeleteResult}, {@link PreconditionFailed} or
 * {@link TxnResult}. The state machine computes it when it applies a log entry (every replica the same), and
 * the server renders it; a failed precondition is an outcome, not an error.
 */
public sealed interface KvResult permits PutResult, DeleteResult, PreconditionFailed, TxnResult,
    CompactResult, DeleteRangeResult {

  /** The store's revision after the write (unchanged when it changed nothing). */
  long revision();
}
