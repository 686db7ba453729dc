package io.raftkv.client;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A mini-transaction: if every comparison holds, the server applies the {@code success} ops, else the
 * {@code failure} ops, all atomically in one Raft log entry (one revision).
 */
public record Txn(List<Compare> compare, List<Op> success, List<Op> failure) {

  public Txn {
    compare = List.copyOf(compare);
    success = List.copyOf(success);
    failure = List.copyOf(failure);
  }

  public static Builder builder() {
    return new Builder();
  }

  /** What a comparison looks at. */
  public enum Target { MOD_REVISION, CREATE_REVISION, VERSION, VALUE }

  /** How it compares. */
  public enum CompareOp { EQUAL, NOT_EQUAL, LESS, GREATER }

  /**
   * One comparison on a key. For {@code VALUE} the operand is {@code value}, else {@code number}; an absent
   * key has revision 0, version 0.
   */
  public record Compare(String key, Target target, CompareOp op, long number, byte[] value) {
    public Compare {
      KeyPaths.validate(key);
      value = value == null ? null : value.clone();
      if ((target == Target.VALUE) != (value != null)) {
        throw new IllegalArgumentException("VALUE comparisons need a value operand, others a number");
      }
    }

    public static Compare modRevision(String key, CompareOp op, long revision) {
      return new Compare(key, Target.MOD_REVISION, op, revision, null);
    }

    public static Compare createRevision(String key, CompareOp op, long revision) {
      return new Compare(key, Target.CREATE_REVISION, op, revision, null);
    }

    public static Compare version(String key, CompareOp op, long version) {
      return new Compare(key, Target.VERSION, op, version, null);
    }

    public static Compare value(String key, CompareOp op, byte[] value) {
      return new Compare(key, Target.VALUE, op, 0, value);
    }
  }

  /** One operation of a branch. */
  public sealed interface Op {
  }

  /** Writes a key. */
  public record Put(String key, byte[] value) implements Op {
    public Put {
      KeyPaths.validate(key);
      value = value.clone();
    }
  }

  /** Reads a key. */
  public record Get(String key) implements Op {
    public Get {
      KeyPaths.validate(key);
    }
  }

  /** Deletes a key (no error when absent). */
  public record Delete(String key) implements Op {
    public Delete {
      KeyPaths.validate(key);
    }
  }

  /** Lists keys by prefix, at most {@code limit} (1..10000) of them. */
  public record Range(String prefix, int limit) implements Op {
    public Range {
      if (limit < 1) {
        throw new IllegalArgumentException("range limit must be >= 1: " + limit);
      }
    }
  }

  /** Collects the three lists. */
  public static final class Builder {
    private final List<Compare> compare = new ArrayList<>();
    private final List<Op> success = new ArrayList<>();
    private final List<Op> failure = new ArrayList<>();

    public Builder when(Compare c) {
      compare.add(c);
      return this;
    }

    public Builder then(Op op) {
      success.add(op);
      return this;
    }

    public Builder otherwise(Op op) {
      failure.add(op);
      return this;
    }

    public Builder thenPut(String key, String value) {
      return then(new Put(key, value.getBytes(StandardCharsets.UTF_8)));
    }

    public Txn build() {
      return new Txn(compare, success, failure);
    }
  }
}
