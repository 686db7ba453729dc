package io.raftkv.kv;

import io.raftkv.api.CompactResult;
import io.raftkv.api.Compare;
import io.raftkv.api.DeleteRangeResult;
import io.raftkv.api.DeleteResult;
import io.raftkv.api.GetResult;
import io.raftkv.api.KeyValue;
import io.raftkv.api.KvResult;
import io.raftkv.api.Op;
import io.raftkv.api.OpResult;
import io.raftkv.api.PreconditionFailed;
import io.raftkv.api.PutResult;
import io.raftkv.api.TxnResult;
import java.util.ArrayList;
import java.util.List;

/**
 * The semantics of each {@link KvCommand} against a {@link KeyTable}: etcd's revision rules, preconditions
 * and transactions. Deterministic: the result depends only on the table and the command.
 *
 * <p>Revision rule (etcd): a command that changes the store moves the global revision up by exactly one, no
 * matter how many keys it touches; a command that changes nothing (a failed precondition, deleting an absent
 * key, a read-only transaction) leaves it alone.
 */
final class CommandApplier {

  private CommandApplier() {}

  static KvResult apply(KeyTable table, KvCommand cmd) {
    if (cmd instanceof KvCommand.Put put) {
      return applyPut(table, put);
    } else if (cmd instanceof KvCommand.Delete delete) {
      return applyDelete(table, delete);
    } else if (cmd instanceof KvCommand.Txn txn) {
      return applyTxn(table, txn);
    } else if (cmd instanceof KvCommand.DeleteRange d) {
      return applyDeleteRange(table, d);
    } else if (cmd instanceof KvCommand.Compact c) {
      table.compact(Math.min(c.revision(), table.revision()));
      return new CompactResult(table.revision(), table.compactRevision());
    }
    throw new IllegalArgumentException("unknown command " + cmd);
  }

  private static KvResult applyPut(KeyTable table, KvCommand.Put put) {
    StoredValue current = table.get(put.key());
    if (!Guards.holds(put.precondition(), current)) {
      return preconditionFailed(table, current);
    }
    long rev = table.revision() + 1;
    StoredValue next = table.put(put.key(), put.value(), rev);
    table.setRevision(rev);
    return new PutResult(rev, next.modRevision(), next.createRevision(), next.version());
  }

  private static KvResult applyDelete(KeyTable table, KvCommand.Delete delete) {
    StoredValue current = table.get(delete.key());
    if (!Guards.holds(delete.precondition(), current)) {
      return preconditionFailed(table, current);
    }
    if (current == null) {
      return new DeleteResult(table.revision(), false, null);
    }
    long rev = table.revision() + 1;
    table.remove(delete.key(), rev);
    table.setRevision(rev);
    return new DeleteResult(rev, true, current.toKeyValue(delete.key()));
  }

  private static KvResult applyDeleteRange(KeyTable table, KvCommand.DeleteRange d) {
    List<String> doomed = table.liveKeys(d.range());
    if (doomed.isEmpty()) {
      return new DeleteRangeResult(table.revision(), 0);
    }
    long rev = table.revision() + 1;
    for (String key : doomed) {
      table.remove(key, rev);
    }
    table.setRevision(rev);
    return new DeleteRangeResult(rev, doomed.size());
  }

  /**
   * A txn's range delete at {@code rev}: every key of the range live now (so including the transaction's
   * earlier puts), in key order; {@code seen} is the revision to report when nothing matched.
   */
  private static DeleteRangeResult deleteRange(KeyTable table, Op.DeleteRange d, long rev, long seen) {
    List<String> doomed = table.liveKeys(d.range());
    List<KeyValue> prevKvs = new ArrayList<>(d.prevKv() ? doomed.size() : 0);
    for (String key : doomed) {
      StoredValue old = table.remove(key, rev);
      if (d.prevKv()) {
        prevKvs.add(old.toKeyValue(key));
      }
    }
    return new DeleteRangeResult(doomed.isEmpty() ? seen : rev, doomed.size(), prevKvs);
  }

  private static PreconditionFailed preconditionFailed(KeyTable table, StoredValue current) {
    return new PreconditionFailed(table.revision(), current != null, current == null ? 0 : current.modRevision());
  }

  private static KvResult applyTxn(KeyTable table, KvCommand.Txn txn) {
    boolean succeeded = true;
    for (Compare c : txn.compares()) {
      if (!Guards.holds(c, table.get(c.key()))) {
        succeeded = false;
        break;
      }
    }
    List<Op> ops = succeeded ? txn.success() : txn.failure();
    // All writes of the transaction carry the same revision; it becomes the store's revision only if one of
    // them changed something.
    long base = table.revision();
    long rev = base + 1;
    boolean changed = false;
    List<OpResult> results = new ArrayList<>(ops.size());
    for (Op op : ops) {
      long seen = changed ? rev : base;
      if (op instanceof Op.Put p) {
        StoredValue next = table.put(p.key(), p.value(), rev);
        changed = true;
        results.add(new PutResult(rev, next.modRevision(), next.createRevision(), next.version()));
      } else if (op instanceof Op.Delete d) {
        StoredValue old = table.remove(d.key(), rev);
        if (old != null) {
          changed = true;
          results.add(new DeleteResult(rev, true, old.toKeyValue(d.key())));
        } else {
          results.add(new DeleteResult(seen, false, null));
        }
      } else if (op instanceof Op.DeleteRange d) {
        DeleteRangeResult deleted = deleteRange(table, d, rev, seen);
        changed |= deleted.deleted() > 0;
        results.add(deleted);
      } else if (op instanceof Op.Get g) {
        StoredValue sv = table.get(g.key());
        results.add(new GetResult(sv == null ? null : sv.toKeyValue(g.key()), seen));
      } else if (op instanceof Op.Range r) {
        results.add(table.range(r.prefix(), r.limit(), seen));
      }
    }
    if (changed) {
      table.setRevision(rev);
    }
    return new TxnResult(succeeded, changed ? rev : base, results);
  }
}
