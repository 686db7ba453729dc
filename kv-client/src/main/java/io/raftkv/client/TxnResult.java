package io.raftkv.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Optional;

/**
 * The answer to a {@link Txn}.
 *
 * @param succeeded whether every comparison held (so the success branch ran)
 * @param revision the store revision after the transaction
 * @param results one result per op of the branch that ran, in order
 * @param json the raw answer, for tools that print it
 */
public record TxnResult(boolean succeeded, long revision, List<OpResult> results, JsonNode json) {

  public TxnResult {
    results = List.copyOf(results);
  }

  /** The result of one op. */
  public sealed interface OpResult {
  }

  /** A put's result: the key's revisions after the write. */
  public record PutResponse(long revision, long modRevision, long createRevision, long version)
      implements OpResult {
  }

  /** A get's result: the key-value, empty when absent. */
  public record GetResponse(Optional<KeyValue> kv) implements OpResult {
  }

  /** A delete's result: whether the key existed, and its last value if it did. */
  public record DeleteResponse(boolean deleted, Optional<KeyValue> prevKv) implements OpResult {
  }

  /** A range's result. */
  public record RangeResponse(List<KeyValue> kvs, boolean more) implements OpResult {
    public RangeResponse {
      kvs = List.copyOf(kvs);
    }
  }
}
