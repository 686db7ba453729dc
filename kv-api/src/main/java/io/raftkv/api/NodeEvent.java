package io.raftkv.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.util.List;
import java.util.Map;

/**
 * One message of a node's live event stream, {@code GET /v1/events} (docs/API.md, "Live events"): the
 * SSE {@code event:} name is {@link #type()}, the {@code data:} line is the record as JSON (components in
 * declaration order). Every message names the reporting {@code node} and its wall-clock {@code time}
 * (epoch ms).
 */
public sealed interface NodeEvent {

  String node();

  long time();

  /** The SSE event name. */
  String type();

  /** The {@code data:} JSON of this event (one line). */
  default byte[] json() {
    try {
      return ApiJson.MAPPER.writeValueAsBytes(this);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialize " + type() + " event", e);
    }
  }

  /** First message of every stream. */
  record Hello(String node, long time, String clientUrl, String peerAddress) implements NodeEvent {
    public String type() {
      return "hello";
    }
  }

  /** One log entry's position. */
  record LogEntryRef(long index, long term) {}

  /** The leader's replication progress for one member (§5.3). */
  record Progress(long matchIndex, long nextIndex, String state, boolean recentActive) {}

  /** Raft message rates between this node and one peer, per second over the last status interval. */
  record MessageRates(double sentPerSec, double receivedPerSec) {}

  /**
   * The node's state, every {@code interval} ms. {@code role} is {@code follower}, {@code pre_candidate},
   * {@code candidate} or {@code leader}; {@code progress} is the leader's (empty elsewhere); rates are per
   * second over the last interval ({@code requestsPerSec} and {@code requestP99Ms}: the node's HTTP
   * requests over its last request window of about a second).
   */
  record Status(String node, long time, String role, boolean learner, long term, String votedFor, String leader,
      long commitIndex, long appliedIndex, long firstIndex, long lastIndex, long snapshotIndex,
      long electionElapsedMs, long electionTimeoutMs, long heartbeatIntervalMs, List<LogEntryRef> log,
      List<String> voters, List<String> learners, Map<String, Progress> progress,
      Map<String, MessageRates> messages, double appliedPerSec, double requestsPerSec, double requestP99Ms)
      implements NodeEvent {
    public String type() {
      return "status";
    }
  }

  /** A role change; {@code from}/{@code to} as {@link Status#role()}. */
  record Role(String node, long time, long term, String from, String to) implements NodeEvent {
    public String type() {
      return "role";
    }
  }

  /** This node started campaigning: {@code cause} is {@code timeout}, {@code pre_vote} or {@code transfer}. */
  record Election(String node, long time, long term, String cause) implements NodeEvent {
    public String type() {
      return "election";
    }
  }

  /**
   * This node stopped leading: {@code cause} is {@code check_quorum}, {@code higher_term}, {@code removed}
   * or {@code transfer}.
   */
  record StepDown(String node, long time, long term, String cause) implements NodeEvent {
    public String type() {
      return "step_down";
    }
  }

  /** This node granted its vote in {@code term} to {@code candidate}. */
  record Vote(String node, long time, long term, String candidate) implements NodeEvent {
    public String type() {
      return "vote";
    }
  }

  /** The leader this node knows changed ({@code leader} null: none known). */
  record Leader(String node, long time, long term, String leader) implements NodeEvent {
    public String type() {
      return "leader";
    }
  }

  /** The configuration change at log {@code index} was applied. */
  record Conf(String node, long time, long index, List<String> voters, List<String> learners) implements NodeEvent {
    public String type() {
      return "conf";
    }
  }

  /** A snapshot was {@code taken} (by this node's state machine) or {@code installed} (from the leader). */
  record Snapshot(String node, long time, String kind, long index, long term) implements NodeEvent {
    public String type() {
      return "snapshot";
    }
  }

  /** {@code count} events were dropped for this viewer (it read too slowly) just before the next one. */
  record Dropped(String node, long time, long count) implements NodeEvent {
    public String type() {
      return "dropped";
    }
  }
}
