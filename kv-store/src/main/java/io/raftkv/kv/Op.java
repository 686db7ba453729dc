package io.raftkv.kv;

import java.util.Arrays;
import java.util.Objects;

/** One operation of a {@link KvCommand.Txn} branch (etcd's RequestOp). */
public sealed interface Op {

  /** Sets {@code key} to {@code value}; yields a {@link PutResult}. */
  record Put(String key, byte[] value) implements Op {

    public Put {
      Keys.requireValidKey(key);
      Bytes.requireNonNull(value, "value");
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Put p && key.equals(p.key) && Arrays.equals(value, p.value);
    }

    @Override
    public int hashCode() {
      return Objects.hash(key, Arrays.hashCode(value));
    }

    @Override
    public String toString() {
      return "Put{" + key + "=" + Bytes.describe(value) + "}";
    }
  }

  /** Removes {@code key}; yields a {@link DeleteResult}. */
  record Delete(String key) implements Op {
    public Delete {
      Keys.requireValidKey(key);
    }
  }

  /** Reads {@code key}; yields a {@link GetResult}. */
  record Get(String key) implements Op {
    public Get {
      Keys.requireValidKey(key);
    }
  }

  /** Reads up to {@code limit} keys starting with {@code prefix} (0 = no limit); yields a {@link RangeResult}. */
  record Range(String prefix, int limit) implements Op {
    public Range {
      Keys.requireValidPrefix(prefix);
      if (limit < 0) {
        throw new IllegalArgumentException("limit must be >= 0: " + limit);
      }
    }
  }
}
