package io.raftkv.kv;

import io.raftkv.api.KeyRange;
import io.raftkv.api.KeyValue;
import io.raftkv.api.Keys;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The naive model of MVCC for the property tests: {@link ModelKv} for the current state, plus a full copy of
 * its map at every revision, so "the store at revision R" is a lookup, written without any of the real
 * store's index structures. Range deletes and compactions are modelled here from the spec.
 */
final class HistoryModel {

  final ModelKv current = new ModelKv();
  /** Every revision's whole state; revision 0 is the empty store. */
  final Map<Long, Map<String, ModelKv.Entry>> states = new HashMap<>(Map.of(0L, Map.of()));
  long compactRevision;

  void apply(KvCommand cmd) {
    if (cmd instanceof KvCommand.Compact c) {
      compactRevision = Math.max(compactRevision, Math.min(c.revision(), current.revision));
      return;
    }
    if (cmd instanceof KvCommand.DeleteRange d) {
      List<String> doomed = current.map.keySet().stream().filter(d.range()::contains).toList();
      if (!doomed.isEmpty()) {
        doomed.forEach(current.map::remove);
        current.revision++;
      }
    } else {
      current.apply(cmd);
    }
    states.putIfAbsent(current.revision, Map.copyOf(current.map));
  }

  /** The live key-values of {@code range} at {@code revision}, in key order. */
  List<KeyValue> at(long revision, KeyRange range) {
    TreeMap<String, ModelKv.Entry> sorted = new TreeMap<>(Keys.UTF8_ORDER);
    sorted.putAll(states.get(revision));
    List<KeyValue> out = new ArrayList<>();
    sorted.forEach((k, e) -> {
      if (range.contains(k)) {
        out.add(new KeyValue(k, e.value(), e.create(), e.mod(), e.version()));
      }
    });
    return out;
  }
}
