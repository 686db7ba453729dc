package io.raftkv.api;

import java.util.List;

/**
 * The outcome of a transaction. JSON: {@code {"succeeded", "revision", "results": [...]}}.
 *
 * @param succeeded whether every compare held (so the success branch ran)
 * @param revision the store's revision after the transaction; one more than before if any op changed the
 *     store, else unchanged
 * @param results one result per op of the branch that ran, in order
 */
public record TxnResult(boolean succeeded, long revision, List<OpResult> results) implements KvResult {

  public TxnResult {
    results = List.copyOf(results);
  }
}
