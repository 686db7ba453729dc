package io.raftkv.chaos.workload;

import com.fasterxml.jackson.databind.JsonNode;
import io.raftkv.api.ApiJson;
import io.raftkv.api.KeyValue;
import io.raftkv.api.WatchEvent;
import io.raftkv.api.WatchResponse;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The reference the watch checker compares watchers with: the committed history of a prefix as one
 * node serves it at the end of a run, read by a watch from revision 1 (the watch workload's servers run
 * without auto-compaction, so nothing is missing) through a given revision, and the state that
 * replaying it produces (which must equal a range read at that revision).
 */
final class CommittedHistory {

  private static final Duration LIMIT = Duration.ofSeconds(30);

  private CommittedHistory() {}

  /** The event messages of {@code prefix} from revision 1 through {@code through} on the node at {@code address}. */
  static List<WatchResponse> read(InetSocketAddress address, String prefix, long through) throws IOException {
    List<WatchResponse> events = new ArrayList<>();
    long deadline = System.nanoTime() + LIMIT.toNanos();
    try (NdjsonStream s = NdjsonStream.open(address, Watcher.path(prefix, 1), Duration.ofSeconds(2),
        Watcher.READ_TIMEOUT)) {
      if (s.status() != 200) {
        throw new IOException("watch from revision 1 answered " + s.status() + ": " + s.rest());
      }
      while (System.nanoTime() < deadline) {
        String line = s.readLine();
        if (line == null) {
          throw new IOException("stream ended at " + last(events) + " before revision " + through);
        }
        JsonNode json = ApiJson.MAPPER.readTree(line);
        if (json.has("error")) {
          throw new IOException("stream ended at " + last(events) + " with " + line);
        }
        WatchResponse r = ApiJson.readWatchResponse(json);
        if (!r.progress()) {
          events.add(r);
        }
        if (r.revision() >= through) {
          return events;
        }
      }
    }
    throw new IOException("revision " + through + " not reached within " + LIMIT.toSeconds() + " s (at " + last(events) + ")");
  }

  /** Each key's state after every event of {@code history}: deleted keys are absent. */
  static Map<String, KeyValue> replay(List<WatchResponse> history) {
    Map<String, KeyValue> state = new TreeMap<>();
    for (WatchResponse r : history) {
      for (WatchEvent e : r.events()) {
        if (e.type() == WatchEvent.Type.PUT) {
          state.put(e.kv().key(), e.kv());
        } else {
          state.remove(e.kv().key());
        }
      }
    }
    return state;
  }

  private static long last(List<WatchResponse> events) {
    return events.isEmpty() ? 0 : events.get(events.size() - 1).revision();
  }
}
