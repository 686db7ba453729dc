package io.raftkv.kv;

import io.raftkv.api.Keys;

/** A read of the key-value store, answered from the current state by {@link KvStateMachine#read}. */
public sealed interface KvQuery {

  /** One key. */
  record Get(String key) implements KvQuery {
    public Get {
      Keys.requireValidKey(key);
    }
  }

  /** Up to {@code limit} keys starting with {@code prefix}, in UTF-8 byte order (0 = no limit). */
  record Range(String prefix, int limit) implements KvQuery {
    public Range {
      Keys.requireValidPrefix(prefix);
      if (limit < 0) {
        throw new IllegalArgumentException("limit must be >= 0: " + limit);
      }
    }
  }
}
