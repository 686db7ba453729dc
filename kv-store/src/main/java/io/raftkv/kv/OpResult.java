package io.raftkv.kv;

/** The outcome of one {@link Op} inside a transaction. */
public sealed interface OpResult permits PutResult, DeleteResult, GetResult, RangeResult {}
