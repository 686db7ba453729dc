package io.raftkv.client;

import java.util.List;

/**
 * The answer of a prefix list.
 *
 * @param kvs the entries in key order
 * @param more whether more keys match than the limit allowed
 * @param revision the store revision the list was read at
 */
public record ListResult(List<KeyValue> kvs, boolean more, long revision) {

  public ListResult {
    kvs = List.copyOf(kvs);
  }
}
