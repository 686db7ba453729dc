package io.raftkv.server.transport;

import io.raftkv.raft.proto.Message;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A simulated network joining {@link InMemoryTransport}s by node id, for tests of the node runtime
 * (hashicorp/raft's {@code InmemTransport} with Connect/Disconnect).
 *
 * <p>Faults it injects, all changeable at any time from any thread:
 * <ul>
 *   <li>Partitions: {@link #disconnect(String, String)} cuts one direction of one pair, so asymmetric
 *       partitions are expressible; {@link #isolate(String)}, {@link #partition(Set[])} and
 *       {@link #heal()} are shorthands. Sending over a cut link drops the message and reports the peer
 *       unreachable to the sender, as a refused TCP connection would.
 *   <li>Loss: {@link #setDropRate(double)} (and per link) drops that fraction of messages silently, as
 *       a lossy network would: the sender learns nothing.
 *   <li>Delay: {@link #setDelay(Duration, Duration)} delivers each message after a uniformly random delay
 *       in [min, max]. With {@code min < max} messages between one pair may be reordered.
 * </ul>
 * Faults apply when a message is sent: a message already in flight is delivered even if its link is cut
 * meanwhile. Randomness comes from one seeded {@link Random}, but delivery runs on real threads, so
 * runs are not bit-for-bit reproducible.
 */
public final class InMemoryNetwork {

  private record Link(String from, String to) {}

  private final Map<String, InMemoryTransport> nodes = new ConcurrentHashMap<>();
  private final Set<Link> cut = ConcurrentHashMap.newKeySet();
  private final Map<Link, Double> linkDropRate = new ConcurrentHashMap<>();
  private final Random random;
  private final AtomicLong delivered = new AtomicLong();
  private final AtomicLong dropped = new AtomicLong();
  private final AtomicLong unreachable = new AtomicLong();
  private volatile double dropRate;
  private volatile long minDelayNanos;
  private volatile long maxDelayNanos;

  public InMemoryNetwork(long seed) {
    this.random = new Random(seed);
  }

  /** Creates the transport of node {@code id}, reachable from every other node until cut off. */
  public InMemoryTransport transport(String id) {
    Objects.requireNonNull(id, "id");
    InMemoryTransport t = new InMemoryTransport(id, this);
    if (nodes.putIfAbsent(id, t) != null) {
      throw new IllegalStateException("node " + id + " already has a transport on this network");
    }
    return t;
  }

  /** Cuts the link from {@code from} to {@code to} (one direction only). */
  public void disconnect(String from, String to) {
    cut.add(new Link(from, to));
  }

  /** Restores the link from {@code from} to {@code to} (one direction only). */
  public void connect(String from, String to) {
    cut.remove(new Link(from, to));
  }

  /** Cuts both directions between {@code id} and every node currently on the network. */
  public void isolate(String id) {
    for (String other : nodes.keySet()) {
      if (!other.equals(id)) {
        disconnect(id, other);
        disconnect(other, id);
      }
    }
  }

  /** Cuts both directions between every pair of nodes in different groups; links inside a group stay. */
  @SafeVarargs
  public final void partition(Set<String>... groups) {
    for (int i = 0; i < groups.length; i++) {
      for (int j = 0; j < groups.length; j++) {
        if (i != j) {
          for (String a : groups[i]) {
            for (String b : groups[j]) {
              disconnect(a, b);
            }
          }
        }
      }
    }
  }

  /** Restores every cut link (loss and delay settings stay). */
  public void heal() {
    cut.clear();
  }

  /** Fraction in [0, 1] of messages dropped silently on every link without its own rate. */
  public void setDropRate(double rate) {
    dropRate = checkRate(rate);
  }

  /** Fraction in [0, 1] of messages from {@code from} to {@code to} dropped silently. */
  public void setDropRate(String from, String to, double rate) {
    linkDropRate.put(new Link(from, to), checkRate(rate));
  }

  /** Delivers every later message after a uniformly random delay in [min, max]. */
  public void setDelay(Duration min, Duration max) {
    if (min.isNegative() || max.compareTo(min) < 0) {
      throw new IllegalArgumentException("need 0 <= min <= max, got " + min + ", " + max);
    }
    minDelayNanos = min.toNanos();
    maxDelayNanos = max.toNanos();
  }

  /** Messages handed to a receiving transport so far. */
  public long deliveredCount() {
    return delivered.get();
  }

  /** Messages lost to the drop rate so far. */
  public long droppedCount() {
    return dropped.get();
  }

  /** Messages refused because the link was cut or the receiver absent, closed or not started. */
  public long unreachableCount() {
    return unreachable.get();
  }

  void route(InMemoryTransport sender, Message m) {
    Link link = new Link(m.from(), m.to());
    InMemoryTransport receiver = nodes.get(m.to());
    if (receiver == null || !receiver.isAccepting() || cut.contains(link)) {
      unreachable.incrementAndGet();
      sender.reportUnreachable(m.to());
      return;
    }
    double rate = linkDropRate.getOrDefault(link, dropRate);
    long delayNanos;
    synchronized (random) {
      if (rate > 0 && random.nextDouble() < rate) {
        dropped.incrementAndGet();
        return;
      }
      long spread = maxDelayNanos - minDelayNanos;
      delayNanos = minDelayNanos + (spread > 0 ? (long) (random.nextDouble() * (spread + 1)) : 0);
    }
    delivered.incrementAndGet();
    receiver.deliver(m, delayNanos);
  }

  void unregister(InMemoryTransport t) {
    nodes.remove(t.id(), t);
  }

  private static double checkRate(double rate) {
    if (!(rate >= 0 && rate <= 1)) {
      throw new IllegalArgumentException("drop rate must be in [0, 1], got " + rate);
    }
    return rate;
  }
}
