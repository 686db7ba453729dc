package io.raftkv.kv;

import io.raftkv.api.Bytes;
import io.raftkv.api.Compare;
import io.raftkv.api.KeyRange;
import io.raftkv.api.Keys;
import io.raftkv.api.Op;
import io.raftkv.api.Precondition;
import io.raftkv.api.TxnRequest;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * A write to the key-value store: the payload of a Raft log entry (encoded by {@link KvCommandCodec}),
 * applied by {@link KvStateMachine#apply} in log order on every replica.
 *
 * <p>The parts a client sends ({@link Precondition}, {@link TxnRequest} with its {@link Compare}s and
 * {@link Op}s) are kv-api's records, not copies: a command is what the API asked for, made durable.
 * Compare-and-set is a {@link Put} with a {@link Precondition}, or a {@link Txn}. Constructors validate
 * keys, so a command that exists is well formed; size limits are checked separately by {@link KvLimits}.
 */
public sealed interface KvCommand {

  /** Sets {@code key} to {@code value} if {@code precondition} holds. */
  record Put(String key, byte[] value, Precondition precondition) implements KvCommand {

    public Put {
      Keys.requireValidKey(key);
      Bytes.requireNonNull(value, "value");
      Objects.requireNonNull(precondition, "precondition");
    }

    public Put(String key, byte[] value) {
      this(key, value, Precondition.NONE);
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Put p && key.equals(p.key) && Arrays.equals(value, p.value)
          && precondition.equals(p.precondition);
    }

    @Override
    public int hashCode() {
      return Objects.hash(key, Arrays.hashCode(value), precondition);
    }

    @Override
    public String toString() {
      return "Put{" + key + "=" + Bytes.describe(value) + " " + precondition + "}";
    }
  }

  /** Removes {@code key} if {@code precondition} holds; deleting an absent key changes nothing. */
  record Delete(String key, Precondition precondition) implements KvCommand {

    public Delete {
      Keys.requireValidKey(key);
      Objects.requireNonNull(precondition, "precondition");
    }

    public Delete(String key) {
      this(key, Precondition.NONE);
    }
  }

  /**
   * etcd's mini-transaction: if every compare holds, runs {@code success}, else {@code failure}; the ops run
   * in order, later ones seeing earlier ones' writes, and all writes share one new revision.
   */
  record Txn(TxnRequest request) implements KvCommand {

    public Txn {
      Objects.requireNonNull(request, "request");
    }

    public Txn(List<Compare> compares, List<Op> success, List<Op> failure) {
      this(new TxnRequest(compares, success, failure));
    }

    public List<Compare> compares() {
      return request.compare();
    }

    public List<Op> success() {
      return request.success();
    }

    public List<Op> failure() {
      return request.failure();
    }
  }

  /** Deletes every live key of {@code range} in one revision; a range with no live key changes nothing. */
  record DeleteRange(KeyRange range) implements KvCommand {

    public DeleteRange {
      Objects.requireNonNull(range, "range");
    }
  }

  /**
   * Forgets the history below {@code revision} on every replica (etcd's compaction): reads and watches
   * below it answer "compacted". A revision at or below the current compaction point changes nothing; the
   * proposer refuses one above the store's revision, and apply clamps it there so it stays deterministic.
   */
  record Compact(long revision) implements KvCommand {

    public Compact {
      if (revision < 1) {
        throw new IllegalArgumentException("compaction revision must be >= 1: " + revision);
      }
    }
  }
}
