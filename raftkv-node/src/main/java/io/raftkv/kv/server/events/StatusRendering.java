package io.raftkv.kv.server.events;

import io.raftkv.api.NodeEvent;
import io.raftkv.kv.server.metrics.RequestWindow;
import io.raftkv.raft.LogPosition;
import io.raftkv.raft.PeerStatus;
import io.raftkv.raft.Status;
import io.raftkv.raft.proto.ConfState;
import io.raftkv.server.events.PeerMessages;
import io.raftkv.server.events.StatusSnapshot;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Turns the driver's {@link StatusSnapshot}s into {@code status} messages: the fields straight from the
 * core's {@link Status}, the election timer in milliseconds, and the rates between two snapshots.
 */
final class StatusRendering {

  private StatusRendering() {}

  static String role(io.raftkv.raft.StateRole role) {
    return role.name().toLowerCase(java.util.Locale.ROOT);
  }

  static List<String> sorted(java.util.Set<String> ids) {
    List<String> out = new ArrayList<>(ids);
    out.sort(null);
    return out;
  }

  /**
   * The status of {@code now}, with message and apply rates per second since {@code before} (zero when
   * there is no earlier snapshot, or no time passed) and the node's request rates.
   */
  static NodeEvent.Status render(StatusSnapshot now, StatusSnapshot before, RequestWindow.Rates requests) {
    Status s = now.status();
    long tick = now.tickMillis();
    double seconds = before == null ? 0 : (now.timeMillis() - before.timeMillis()) / 1000.0;
    List<NodeEvent.LogEntryRef> log = new ArrayList<>(now.log().size());
    for (LogPosition p : now.log()) {
      log.add(new NodeEvent.LogEntryRef(p.index(), p.term()));
    }
    Map<String, NodeEvent.Progress> progress = new TreeMap<>();
    for (PeerStatus p : s.progress().values()) {
      if (!p.id().equals(s.id())) {
        progress.put(p.id(), new NodeEvent.Progress(p.matchIndex(), p.nextIndex(), p.state(), p.recentActive()));
      }
    }
    Map<String, NodeEvent.MessageRates> messages = new TreeMap<>();
    now.messages().forEach((peer, m) -> {
      PeerMessages old = before == null ? null : before.messages().get(peer);
      messages.put(peer, new NodeEvent.MessageRates(rate(m.sent(), old == null ? m.sent() : old.sent(), seconds),
          rate(m.received(), old == null ? m.received() : old.received(), seconds)));
    });
    ConfState conf = s.confState();
    return new NodeEvent.Status(s.id(), now.timeMillis(), role(s.role()), s.learner(), s.currentTerm(), s.votedFor(),
        s.leaderId(), s.commitIndex(), now.lastApplied(), s.firstIndex(), s.lastIndex(), s.firstIndex() - 1,
        s.electionElapsed() * tick, s.electionTimeout() * tick, now.heartbeatMillis(), log,
        sorted(conf.voters()), sorted(conf.learners()), progress, messages,
        before == null ? 0 : rate(now.lastApplied(), before.lastApplied(), seconds),
        round(requests.requestsPerSec()), round(requests.p99Millis()));
  }

  private static double rate(long now, long before, double seconds) {
    return seconds <= 0 ? 0 : round((now - before) / seconds);
  }

  /** Two decimals: the dashboard shows rates, not noise. */
  private static double round(double v) {
    return Math.round(v * 100) / 100.0;
  }
}
