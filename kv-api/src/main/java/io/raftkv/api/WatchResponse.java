package io.raftkv.api;

import java.util.List;

/**
 * One message of a watch stream: every event of one revision (so a transaction's changes arrive together),
 * or a progress bookmark ({@code events} empty): nothing in the watched range changed up to
 * {@code revision}. JSON: {@code {"revision": R, "events": [...]}}, a bookmark adds {@code "progress": true}.
 *
 * @param revision the revision of the events, or for a bookmark the revision the watch has seen up to
 */
public record WatchResponse(long revision, List<WatchEvent> events) {

  public WatchResponse {
    events = List.copyOf(events);
  }

  public boolean progress() {
    return events.isEmpty();
  }
}
