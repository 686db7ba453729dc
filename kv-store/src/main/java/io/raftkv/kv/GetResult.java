package io.raftkv.kv;

import java.util.Optional;

/**
 * The answer to a get.
 *
 * @param kv the key-value, or {@code null} when the key is absent
 * @param revision the store's revision when read
 */
public record GetResult(KeyValue kv, long revision) implements ReadResult, OpResult {

  public Optional<KeyValue> value() {
    return Optional.ofNullable(kv);
  }
}
