package io.raftkv.api;

/**
 * An op that only reads: one key ({@link Op.Get}) or a prefix ({@link Op.Range}). It is what
 * {@code GET /v1/kv/{key}} and {@code GET /v1/kv?prefix=P} ask the store, answered with a {@link ReadResult}
 * at the requested {@link Consistency}, and what a transaction's get and range do, so the two kinds of
 * read are one record each.
 */
public sealed interface ReadOp permits Op.Get, Op.Range, RangeQuery {}
