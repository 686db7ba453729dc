package io.raftkv.api;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The body of {@code POST /v1/txn}: if every compare holds, the {@code success} ops run, else the
 * {@code failure} ops, atomically, all writes sharing one new revision. JSON: {@code {"compare": [...],
 * "success": [...], "failure": [...]}}.
 */
public record TxnRequest(List<Compare> compare, List<Op> success, List<Op> failure) {

  public TxnRequest {
    compare = List.copyOf(compare);
    success = List.copyOf(success);
    failure = List.copyOf(failure);
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The number of compares plus ops, which a node bounds (128 by default). */
  public int size() {
    return compare.size() + success.size() + failure.size();
  }

  /** Collects the three lists. */
  public static final class Builder {
    private final List<Compare> compare = new ArrayList<>();
    private final List<Op> success = new ArrayList<>();
    private final List<Op> failure = new ArrayList<>();

    private Builder() {}

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
      return then(new Op.Put(key, value.getBytes(StandardCharsets.UTF_8)));
    }

    public TxnRequest build() {
      return new TxnRequest(compare, success, failure);
    }
  }
}
