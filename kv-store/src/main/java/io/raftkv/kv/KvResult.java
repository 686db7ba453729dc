package io.raftkv.kv;

/**
 * The outcome of applying a {@link KvCommand}: {@link PutResult}, {@link DeleteResult},
 * {@link PreconditionFailed} or {@link TxnResult}. Every replica computes the same result for the same entry.
 */
public sealed interface KvResult permits PutResult, DeleteResult, PreconditionFailed, TxnResult {

  /** The store's revision after the command (unchanged when the command changed nothing). */
  long revision();
}
