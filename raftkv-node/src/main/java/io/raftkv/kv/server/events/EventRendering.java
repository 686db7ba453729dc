package io.raftkv.kv.server.events;

import io.raftkv.api.NodeEvent;
import io.raftkv.raft.RaftEvent;
import io.raftkv.server.events.DriverEvent;
import io.raftkv.server.events.Published;
import java.util.Locale;

/** Turns the driver's published events into the {@code /v1/events} messages of docs/API.md. */
final class EventRendering {

  private EventRendering() {}

  static NodeEvent render(String node, Published p) {
    long t = p.timeMillis();
    if (p.event() instanceof DriverEvent.SnapshotTaken s) {
      return new NodeEvent.Snapshot(node, t, "taken", s.index(), s.term());
    }
    RaftEvent e = ((DriverEvent.Core) p.event()).event();
    if (e instanceof RaftEvent.RoleChanged r) {
      return new NodeEvent.Role(node, t, r.term(), StatusRendering.role(r.from()), StatusRendering.role(r.to()));
    } else if (e instanceof RaftEvent.ElectionStarted el) {
      return new NodeEvent.Election(node, t, el.term(), lower(el.cause()));
    } else if (e instanceof RaftEvent.SteppedDown sd) {
      return new NodeEvent.StepDown(node, t, sd.term(), lower(sd.cause()));
    } else if (e instanceof RaftEvent.VoteGranted v) {
      return new NodeEvent.Vote(node, t, v.term(), v.candidate());
    } else if (e instanceof RaftEvent.LeaderChanged l) {
      return new NodeEvent.Leader(node, t, l.term(), l.leader());
    } else if (e instanceof RaftEvent.ConfApplied c) {
      return new NodeEvent.Conf(node, t, c.index(), StatusRendering.sorted(c.conf().voters()),
          StatusRendering.sorted(c.conf().learners()));
    } else {
      RaftEvent.SnapshotInstalled s = (RaftEvent.SnapshotInstalled) e;
      return new NodeEvent.Snapshot(node, t, "installed", s.index(), s.term());
    }
  }

  private static String lower(Enum<?> cause) {
    return cause.name().toLowerCase(Locale.ROOT);
  }
}
