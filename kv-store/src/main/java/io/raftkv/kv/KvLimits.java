package io.raftkv.kv;

import io.raftkv.api.Compare;
import io.raftkv.api.Op;

/**
 * Admission limits for commands, checked before a command is proposed (by the HTTP layer and the
 * service), never inside {@link KvStateMachine#apply}: apply must give the same answer on every replica,
 * and replicas could be configured differently.
 *
 * @param maxValueBytes the largest value a put may carry (default 1 MiB)
 * @param maxTxnOps the most compares plus operations a transaction may hold
 */
public record KvLimits(int maxValueBytes, int maxTxnOps) {

  public static final int DEFAULT_MAX_VALUE_BYTES = 1 << 20;
  public static final int DEFAULT_MAX_TXN_OPS = 128;

  public KvLimits {
    if (maxValueBytes < 0) {
      throw new IllegalArgumentException("maxValueBytes must be >= 0: " + maxValueBytes);
    }
    if (maxTxnOps < 1) {
      throw new IllegalArgumentException("maxTxnOps must be >= 1: " + maxTxnOps);
    }
  }

  public static KvLimits defaults() {
    return new KvLimits(DEFAULT_MAX_VALUE_BYTES, DEFAULT_MAX_TXN_OPS);
  }

  /** Throws {@link IllegalArgumentException} when {@code cmd} breaks a limit. */
  public void validate(KvCommand cmd) {
    if (cmd instanceof KvCommand.Put p) {
      checkValue(p.key(), p.value());
    } else if (cmd instanceof KvCommand.Txn t) {
      int n = t.compares().size() + t.success().size() + t.failure().size();
      if (n > maxTxnOps) {
        throw new IllegalArgumentException("transaction has " + n + " compares and operations; the limit is "
            + maxTxnOps);
      }
      for (Compare c : t.compares()) {
        if (c.target() == Compare.Target.VALUE) {
          checkValue(c.key(), c.value());
        }
      }
      t.success().forEach(this::checkOp);
      t.failure().forEach(this::checkOp);
    }
  }

  private void checkOp(Op op) {
    if (op instanceof Op.Put p) {
      checkValue(p.key(), p.value());
    }
  }

  private void checkValue(String key, byte[] value) {
    if (value.length > maxValueBytes) {
      throw new IllegalArgumentException("value for key '" + abbreviate(key) + "' is " + value.length
          + " bytes; the limit is " + maxValueBytes);
    }
  }

  private static String abbreviate(String key) {
    return key.length() <= 64 ? key : key.substring(0, 64) + "...";
  }
}
