package io.raftkv.kv;

import io.raftkv.api.Compare;
import io.raftkv.api.DeleteRangeResult;
import io.raftkv.api.DeleteResult;
import io.raftkv.api.GetResult;
import io.raftkv.api.KeyValue;
import io.raftkv.api.KvResult;
import io.raftkv.api.Op;
import io.raftkv.api.OpResult;
import io.raftkv.api.Precondition;
import io.raftkv.api.PreconditionFailed;
import io.raftkv.api.PutResult;
import io.raftkv.api.RangeResult;
import io.raftkv.api.TxnResult;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * A deliberately naive reference model of the store for the property test: a hash map, copied whole for each
 * transaction, and the etcd rules written out again from the spec rather than shared with the real code.
 */
final class ModelKv {

  record Entry(byte[] value, long create, long mod, long version) {}

  final Map<String, Entry> map = new HashMap<>();
  long revision;

  KvResult apply(KvCommand cmd) {
    if (cmd instanceof KvCommand.Put p) {
      if (!holds(p.precondition(), p.key())) {
        return failed(p.key());
      }
      revision++;
      Entry e = write(p.key(), p.value(), revision);
      return new PutResult(revision, revision, e.create(), e.version());
    }
    if (cmd instanceof KvCommand.Delete d) {
      if (!holds(d.precondition(), d.key())) {
        return failed(d.key());
      }
      Entry old = map.remove(d.key());
      if (old == null) {
        return new DeleteResult(revision, false, null);
      }
      revision++;
      return new DeleteResult(revision, true, kv(d.key(), old));
    }
    KvCommand.Txn t = (KvCommand.Txn) cmd;
    boolean ok = t.compares().stream().allMatch(this::holds);
    long next = revision + 1;
    boolean changed = false;
    List<OpResult> results = new ArrayList<>();
    for (Op op : ok ? t.success() : t.failure()) {
      long now = changed ? next : revision;
      if (op instanceof Op.Put p) {
        Entry e = write(p.key(), p.value(), next);
        changed = true;
        results.add(new PutResult(next, next, e.create(), e.version()));
      } else if (op instanceof Op.Delete d) {
        Entry old = map.remove(d.key());
        changed |= old != null;
        results.add(old == null ? new DeleteResult(now, false, null) : new DeleteResult(next, true, kv(d.key(), old)));
      } else if (op instanceof Op.DeleteRange d) {
        List<String> doomed = sortedKeys(d.range()::contains);
        List<KeyValue> prev = new ArrayList<>();
        for (String k : doomed) {
          Entry old = map.remove(k);
          if (d.prevKv()) {
            prev.add(kv(k, old));
          }
        }
        changed |= !doomed.isEmpty();
        results.add(new DeleteRangeResult(doomed.isEmpty() ? now : next, doomed.size(), prev));
      } else if (op instanceof Op.Get g) {
        Entry e = map.get(g.key());
        results.add(new GetResult(e == null ? null : kv(g.key(), e), now));
      } else if (op instanceof Op.Range r) {
        results.add(range(r.prefix(), r.limit(), now));
      }
    }
    if (changed) {
      revision = next;
    }
    return new TxnResult(ok, revision, results);
  }

  RangeResult range(String prefix, int limit, long rev) {
    List<String> keys = sortedKeys(k -> k.startsWith(prefix));
    boolean more = limit > 0 && keys.size() > limit;
    List<KeyValue> out = new ArrayList<>();
    for (String k : more ? keys.subList(0, limit) : keys) {
      out.add(kv(k, map.get(k)));
    }
    return new RangeResult(out, more, rev);
  }

  /** The live keys that pass {@code filter}, in UTF-8 byte order. */
  private List<String> sortedKeys(Predicate<String> filter) {
    List<String> keys = new ArrayList<>();
    for (String k : map.keySet()) {
      if (filter.test(k)) {
        keys.add(k);
      }
    }
    keys.sort((x, y) -> Arrays.compareUnsigned(x.getBytes(java.nio.charset.StandardCharsets.UTF_8),
        y.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    return keys;
  }

  private Entry write(String key, byte[] value, long rev) {
    Entry old = map.get(key);
    Entry e = old == null ? new Entry(value, rev, rev, 1) : new Entry(value, old.create(), rev, old.version() + 1);
    map.put(key, e);
    return e;
  }

  private boolean holds(Precondition p, String key) {
    Entry e = map.get(key);
    if (p instanceof Precondition.IfAbsent) {
      return e == null;
    }
    if (p instanceof Precondition.IfMatch m) {
      return e != null && e.mod() == m.modRevision();
    }
    return true;
  }

  private boolean holds(Compare c) {
    Entry e = map.get(c.key());
    if (c.target() == Compare.Target.VALUE && e == null) {
      return false;
    }
    int cmp = switch (c.target()) {
      case VALUE -> Arrays.compareUnsigned(e.value(), c.value());
      case VERSION -> Long.compare(e == null ? 0 : e.version(), c.number());
      case CREATE_REVISION -> Long.compare(e == null ? 0 : e.create(), c.number());
      case MOD_REVISION -> Long.compare(e == null ? 0 : e.mod(), c.number());
    };
    return switch (c.result()) {
      case EQUAL -> cmp == 0;
      case NOT_EQUAL -> cmp != 0;
      case GREATER -> cmp > 0;
      case LESS -> cmp < 0;
    };
  }

  private PreconditionFailed failed(String key) {
    Entry e = map.get(key);
    return new PreconditionFailed(revision, e != null, e == null ? 0 : e.mod());
  }

  private static KeyValue kv(String key, Entry e) {
    return new KeyValue(key, e.value(), e.create(), e.mod(), e.version());
  }
}
