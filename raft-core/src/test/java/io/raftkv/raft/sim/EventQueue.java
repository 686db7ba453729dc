package io.raftkv.raft.sim;

import java.util.PriorityQueue;

/**
 * The virtual clock and the discrete-event agenda. Events at the same time run in the order they were
 * scheduled (a sequence number breaks ties), so a seed fully determines the run.
 */
final class EventQueue {

  private record Scheduled(long time, long seq, Runnable action) implements Comparable<Scheduled> {
    @Override
    public int compareTo(Scheduled o) {
      int c = Long.compare(time, o.time);
      return c != 0 ? c : Long.compare(seq, o.seq);
    }
  }

  private final PriorityQueue<Scheduled> agenda = new PriorityQueue<>();
  private long now;
  private long seq;
  private long executed;

  long now() {
    return now;
  }

  long executed() {
    return executed;
  }

  void at(long time, Runnable action) {
    if (time < now) {
      throw new IllegalArgumentException("cannot schedule in the past: " + time + " < " + now);
    }
    agenda.add(new Scheduled(time, seq++, action));
  }

  void after(long delay, Runnable action) {
    at(now + delay, action);
  }

  /** Runs the next event if it is due at or before {@code limit}; returns false otherwise. */
  boolean runNext(long limit) {
    Scheduled next = agenda.peek();
    if (next == null || next.time > limit) {
      now = Math.max(now, limit);
      return false;
    }
    agenda.poll();
    now = next.time;
    executed++;
    next.action.run();
    return true;
  }
}
