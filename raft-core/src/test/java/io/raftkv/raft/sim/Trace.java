package io.raftkv.raft.sim;

/**
 * The last events of a simulation, kept in a ring buffer and formatted only when a check fails, so that
 * recording costs one object per event.
 */
final class Trace {

  /** One recorded event; {@code detail} is formatted lazily with {@code toString()}. */
  record Event(long time, String node, String what, Object detail) {
    @Override
    public String toString() {
      return String.format("%8d ms  %-4s %-14s %s", time, node == null ? "-" : node, what,
          detail == null ? "" : detail);
    }
  }

  private final Event[] ring;
  private long count;

  Trace(int capacity) {
    ring = new Event[capacity];
  }

  void add(long time, String node, String what, Object detail) {
    ring[(int) (count++ % ring.length)] = new Event(time, node, what, detail);
  }

  long count() {
    return count;
  }

  /** The retained events, oldest first, one per line. */
  String format() {
    StringBuilder sb = new StringBuilder();
    long from = Math.max(0, count - ring.length);
    for (long i = from; i < count; i++) {
      sb.append("  ").append(ring[(int) (i % ring.length)]).append('\n');
    }
    return sb.toString();
  }
}
