package io.raftkv.chaos.check;

import io.raftkv.api.WatchEvent;
import io.raftkv.api.WatchResponse;
import io.raftkv.chaos.history.WatchLog;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Judges watchers against the committed history of their keys (docs/API.md, "Watch", Guarantees).
 *
 * <p>The reference is the committed history read at the end: every revision that changed a watched
 * key, with all its events, from revision 1 to the final revision. Each watcher must have been handed
 * exactly that history: every event message names one revision, in strictly increasing order, never
 * a revision twice (across reconnects too) and never a revision the reference lacks; its events are
 * exactly the reference's events of that revision (key, type, value, createRevision, modRevision,
 * version, in order), so a transaction arrives whole; within a stream, every reference revision from
 * the stream's {@code startRevision} up to the last revision it reported (event or bookmark) was
 * delivered, so nothing is skipped; each stream starts right after the revision the watcher had
 * reached (a resume continues exactly where the last stream stopped); and every watcher reached the
 * final revision. Stateless; findings are strings naming the watcher, the stream and the revisions.
 */
public final class WatchChecker {

  /** Detailed findings kept per watcher; the rest are counted. */
  private static final int MAX_FINDINGS_PER_WATCHER = 20;

  private WatchChecker() {}

  /**
   * @param reference the committed history's event messages, one per revision, ascending
   * @param finalRevision the revision every watcher must have reached (event or bookmark)
   * @param logs what each watcher was handed; each watcher's first stream must start at revision 1
   */
  public static WatchCheckResult check(List<WatchResponse> reference, long finalRevision, List<WatchLog> logs) {
    NavigableMap<Long, List<WatchEvent>> committed = new TreeMap<>();
    for (WatchResponse r : reference) {
      if (!r.progress()) {
        committed.put(r.revision(), r.events());
      }
    }
    List<String> violations = new ArrayList<>();
    long messages = 0;
    long events = 0;
    long reconnects = 0;
    for (WatchLog log : logs) {
      WatcherCheck c = new WatcherCheck(log.watcher(), committed);
      List<WatchLog.Connection> connections = log.connections();
      for (int i = 0; i < connections.size(); i++) {
        c.connection(i, connections.get(i));
      }
      if (c.position < finalRevision) {
        c.find("stalled: delivered up to revision " + c.position + ", the committed history reaches "
            + finalRevision);
      }
      reconnects += Math.max(0, connections.size() - 1);
      messages += c.messages;
      events += c.eventsChecked;
      violations.addAll(c.findings);
      if (c.dropped > 0) {
        violations.add(log.watcher() + ": " + c.dropped + " more findings not listed");
      }
    }
    return new WatchCheckResult(logs.size(), messages, events, reconnects, committed.size(), violations);
  }

  /** The state of checking one watcher's streams in order. */
  private static final class WatcherCheck {
    private final String watcher;
    private final NavigableMap<Long, List<WatchEvent>> committed;
    private final Set<Long> delivered = new HashSet<>();
    private final List<String> findings = new ArrayList<>();
    private int dropped;
    /** The revision the watcher has been handed everything up to (the resume point minus one). */
    private long position;
    private long messages;
    private long eventsChecked;

    WatcherCheck(String watcher, NavigableMap<Long, List<WatchEvent>> committed) {
      this.watcher = watcher;
      this.committed = committed;
    }

    void connection(int index, WatchLog.Connection c) {
      String where = "stream " + index + " (" + c.node() + ", startRevision " + c.startRevision() + ", ended: "
          + c.end() + ")";
      if (c.startRevision() > position + 1) {
        find(where + ": resume gap: the watcher had reached " + position + " but resumed at " + c.startRevision()
            + ", skipping committed revisions " + revisions(position, c.startRevision()));
      } else if (c.startRevision() <= position) {
        find(where + ": resume overlap: the watcher had reached " + position + " but resumed at "
            + c.startRevision());
      }
      long last = c.startRevision() - 1;
      List<WatchEvent> lastEvents = null;
      for (WatchResponse m : c.messages()) {
        long r = m.revision();
        if (m.progress()) {
          if (r < last) {
            find(where + ": bookmark " + r + " behind revision " + last + " already delivered on this stream");
          } else {
            missing(where, last, r + 1, "before bookmark " + r);
            last = r;
            lastEvents = null;
          }
          continue;
        }
        messages++;
        if (lastEvents != null && r == last) {
          find(where + (m.events().equals(lastEvents) ? ": duplicate: revision " + r + " delivered twice in a row"
              : ": revision " + r + " split across messages: another message of it brought " + describe(m.events())));
          continue;
        }
        if (delivered.contains(r)) {
          find(where + ": duplicate: revision " + r + " delivered again (" + describe(m.events()) + ")");
          continue;
        }
        if (r <= last) {
          find(where + ": out of order: revision " + r + " after " + last);
          continue;
        }
        missing(where, last, r, "before revision " + r);
        List<WatchEvent> expected = committed.get(r);
        if (expected == null) {
          find(where + ": revision " + r + " is not in the committed history (it brought " + describe(m.events()) + ")");
        } else if (!expected.equals(m.events())) {
          boolean partial = m.events().size() < expected.size() && expected.containsAll(m.events());
          find(where + ": revision " + r + (partial ? " incomplete (a transaction split): " : " differs: ") + "got "
              + describe(m.events()) + ", committed " + describe(expected));
        } else {
          eventsChecked += m.events().size();
        }
        delivered.add(r);
        last = r;
        lastEvents = m.events();
      }
      position = Math.max(position, last);
    }

    /** Reports committed revisions in (after, before) that the stream did not deliver. */
    private void missing(String where, long after, long before, String context) {
      if (after + 1 >= before) {
        return;
      }
      List<Long> skipped = committed.subMap(after, false, before, false).keySet().stream().toList();
      if (!skipped.isEmpty()) {
        find(where + ": gap: committed revisions " + abbreviate(skipped) + " never delivered " + context);
      }
    }

    private String revisions(long after, long before) {
      return abbreviate(committed.subMap(after, false, before, false).keySet().stream().toList());
    }

    void find(String finding) {
      if (findings.size() < MAX_FINDINGS_PER_WATCHER) {
        findings.add(watcher + ": " + finding);
      } else {
        dropped++;
      }
    }
  }

  private static String abbreviate(List<Long> revisions) {
    if (revisions.size() <= 8) {
      return revisions.toString();
    }
    return "[" + revisions.subList(0, 4).stream().map(String::valueOf).collect(Collectors.joining(", ")) + ", ... "
        + revisions.get(revisions.size() - 1) + "] (" + revisions.size() + ")";
  }

  /** Events as {@code put k=v (c3 m7 v2), delete k}. */
  public static String describe(List<WatchEvent> events) {
    return events.stream().map(e -> e.type() == WatchEvent.Type.PUT
        ? "put " + e.kv().key() + "=" + e.kv().valueAsString() + " (c" + e.kv().createRevision() + " m"
            + e.kv().modRevision() + " v" + e.kv().version() + ")"
        : "delete " + e.kv().key() + " (m" + e.kv().modRevision() + ")").collect(Collectors.joining(", ", "[", "]"));
  }
}
