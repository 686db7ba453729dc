package io.raftkv.raft.sim;

import io.raftkv.raft.proto.AppendEntries;
import io.raftkv.raft.proto.AppendEntriesResponse;
import io.raftkv.raft.proto.Entry;
import io.raftkv.raft.proto.InstallSnapshot;
import io.raftkv.raft.proto.Message;
import io.raftkv.raft.proto.Propose;
import java.util.Collection;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;

/**
 * The simulated network: per-link blocking (partitions, including one-way ones), random loss,
 * duplication and delay (long delays reorder messages), and message and byte counters by message type.
 *
 * <p>A link is checked when a message is sent and again when it would be delivered, so a partition also
 * loses what is in flight.
 */
public final class Network {

  private record Link(String from, String to) {}

  private final SimOptions options;
  private final SplittableRandom random;
  private final Set<Link> blocked = new HashSet<>();
  double dropRate;
  double duplicateRate;
  double longDelayRate;
  long minDelayMs;
  long maxDelayMs;
  private final Map<String, long[]> perType = new TreeMap<>();
  private long sent;
  private long bytes;
  private long dropped;
  /**
   * Distinct AppendEntries rejections sent. A duplicate (the same follower refusing the same probe again)
   * is not another back-off step: a heartbeat ack unpauses a probing peer, and since acks do not wait for
   * the follower's disk (issue #10) a probe may be repeated before its rejection, queued behind the disk,
   * comes back.
   */
  private final java.util.Set<AppendEntriesResponse> appendRejections = new java.util.HashSet<>();

  Network(SimOptions options, SplittableRandom random) {
    this.options = options;
    this.random = random;
    reliable();
  }

  /** Back to the options' loss, duplication and delay settings. */
  void reliable() {
    dropRate = options.dropRate;
    duplicateRate = options.duplicateRate;
    longDelayRate = options.longDelayRate;
    minDelayMs = options.netMinDelayMs;
    maxDelayMs = options.netMaxDelayMs;
  }

  boolean connected(String from, String to) {
    return blocked.isEmpty() || !blocked.contains(new Link(from, to));
  }

  void block(String from, String to) {
    blocked.add(new Link(from, to));
  }

  void unblock(String from, String to) {
    blocked.remove(new Link(from, to));
  }

  /** Cuts every link between the two groups, both ways. */
  void cut(Collection<String> a, Collection<String> b) {
    for (String x : a) {
      for (String y : b) {
        if (!x.equals(y)) {
          block(x, y);
          block(y, x);
        }
      }
    }
  }

  void healPartitions() {
    blocked.clear();
  }

  boolean partitioned() {
    return !blocked.isEmpty();
  }

  /**
   * Decides what happens to a message being sent: returns the delays of its deliveries (empty if lost,
   * two if duplicated). Counts it.
   */
  long[] route(Message m) {
    sent++;
    long size = wireSize(m);
    bytes += size;
    long[] t = perType.computeIfAbsent(m.getClass().getSimpleName(), k -> new long[2]);
    t[0]++;
    t[1] += size;
    if (m instanceof AppendEntriesResponse r && !r.success()) {
      appendRejections.add(r);
    }
    if (!connected(m.from(), m.to()) || (dropRate > 0 && random.nextDouble() < dropRate)) {
      dropped++;
      return new long[0];
    }
    if (duplicateRate > 0 && random.nextDouble() < duplicateRate) {
      return new long[] {delay(), delay()};
    }
    return new long[] {delay()};
  }

  private long delay() {
    long d = minDelayMs + (maxDelayMs > minDelayMs ? random.nextLong(maxDelayMs - minDelayMs + 1) : 0);
    if (longDelayRate > 0 && random.nextDouble() < longDelayRate) {
      d += random.nextLong(options.longDelayMaxMs + 1);
    }
    return d;
  }

  public long messagesSent() {
    return sent;
  }

  public long bytesSent() {
    return bytes;
  }

  /** Distinct AppendEntries rejections sent (log inconsistencies found while backing up nextIndex). */
  public long appendRejections() {
    return appendRejections.size();
  }

  public long messagesDropped() {
    return dropped;
  }

  /** Messages sent of one type, by simple class name (e.g. "AppendEntries"). */
  public long messagesSent(String type) {
    long[] t = perType.get(type);
    return t == null ? 0 : t[0];
  }

  public String summary() {
    StringBuilder sb = new StringBuilder();
    perType.forEach((k, v) -> sb.append(k).append('=').append(v[0]).append(' '));
    return sb.toString().trim();
  }

  /** A rough encoded size: a fixed header plus payload bytes. */
  static long wireSize(Message m) {
    long size = 40;
    if (m instanceof AppendEntries ae) {
      for (Entry e : ae.entries()) {
        size += e.sizeBytes();
      }
    } else if (m instanceof InstallSnapshot is) {
      size += is.data().length;
    } else if (m instanceof Propose p) {
      for (Entry e : p.entries()) {
        size += e.sizeBytes();
      }
    }
    return size;
  }
}
