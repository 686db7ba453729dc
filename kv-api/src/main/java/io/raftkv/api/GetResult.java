package io.raftkv.api;

import java.util.Optional;

/**
 * The answer to a read of one key. JSON (a txn result): {@code {"op": "get", "revision", "kv"}}, {@code kv}
 * null when absent; {@code GET /v1/kv/{key}} sends the raw value with headers instead.
 *
 * @param kv the key-value, or {@code null} when the key is absent
 * @param revision the store's revision when read
 */
public record GetResult(KeyValue kv, long revision) implements ReadResult, OpResult {

  public Optional<KeyValue> value() {
    return Optional.ofNullable(kv);
  }
}
