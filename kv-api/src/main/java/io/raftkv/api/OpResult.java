package io.raftkv.api;

/** The outcome of one {@link Op} inside a transaction; JSON adds {@code "op"} naming the kind. */
public sealed interface OpResult permits PutResult, DeleteResult, DeleteRangeResult, GetResult,
    RangeResult {

  /** The store's revision as this op saw it. */
  long revision();
}
