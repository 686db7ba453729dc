package io.raftkv.kv;

import io.raftkv.api.KeyRange;
import io.raftkv.api.KeyValue;
import io.raftkv.api.WatchEvent;
import java.util.ArrayList;
import java.util.List;

/** Turns one revision's changes into the events a watch of a range sees. Stateless. */
final class WatchEvents {

  private static final byte[] EMPTY = new byte[0];

  private WatchEvents() {}

  /**
   * The events of {@code entry} in {@code range} that pass {@code filter}, in the order the command made
   * them; with {@code prevKv}, each with the key's state just before, when that is still kept.
   */
  static List<WatchEvent> of(KeyTable table, RevisionLog.Entry entry, KeyRange range, WatchFilter filter,
      boolean prevKv) {
    List<WatchEvent> out = new ArrayList<>(1);
    for (int i = 0; i < entry.size(); i++) {
      String key = entry.key(i);
      if (!range.contains(key)) {
        continue;
      }
      StoredValue v = entry.value(i);
      WatchEvent.Type type = v.isTombstone() ? WatchEvent.Type.DELETE : WatchEvent.Type.PUT;
      if (!filter.passes(type)) {
        continue;
      }
      KeyValue kv = v.isTombstone() ? new KeyValue(key, EMPTY, 0, v.modRevision(), 0) : v.toKeyValue(key);
      KeyValue prev = null;
      if (prevKv && entry.revision() - 1 >= table.compactRevision()) {
        StoredValue p = table.getAt(key, entry.revision() - 1);
        prev = p == null ? null : p.toKeyValue(key);
      }
      out.add(new WatchEvent(type, kv, prev));
    }
    return out;
  }
}
