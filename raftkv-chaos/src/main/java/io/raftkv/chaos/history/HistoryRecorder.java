package io.raftkv.chaos.history;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Thread-safe recorder that workload clients use to build a {@link History}.
 *
 * <p>Usage per operation: {@code Pending p = recorder.invoke(process, call);} immediately before
 * sending the request, then exactly one of {@code p.ok(reply)}, {@code p.fail(error)} or
 * {@code p.unknown(error)} as soon as the answer (or the give-up decision) is known. Timestamps
 * come from one {@link LongSupplier} clock (default {@link System#nanoTime()}), so the order of
 * operations across clients is real-time order.
 *
 * <p>Invariant: every invoked operation appears in {@link #history()}; one still pending when the
 * history is taken is recorded as UNKNOWN ("pending at end of run"), since it may yet be applied.
 */
public final class HistoryRecorder {

  private final LongSupplier clock;
  private final AtomicLong nextId = new AtomicLong();
  private final Map<Long, Operation> completed = new LinkedHashMap<>();
  private final Map<Long, Pending> pending = new LinkedHashMap<>();
  private final Map<String, String> attributes = new LinkedHashMap<>();

  public HistoryRecorder() {
    this(System::nanoTime);
  }

  public HistoryRecorder(LongSupplier clock) {
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** Records a run attribute (workload name, seed, ...) carried into the history file. */
  public synchronized void attribute(String name, String value) {
    attributes.put(name, value);
  }

  /** Marks the invocation of {@code call} by {@code process}; call right before sending. */
  public Pending invoke(int process, Call call) {
    Objects.requireNonNull(call, "call");
    long id = nextId.getAndIncrement();
    Pending p = new Pending(id, process, call, clock.getAsLong());
    synchronized (this) {
      pending.put(id, p);
    }
    return p;
  }

  /** Snapshot of everything recorded so far, in invocation order. */
  public synchronized History history() {
    long now = clock.getAsLong();
    List<Operation> ops = new ArrayList<>(completed.size() + pending.size());
    ops.addAll(completed.values());
    for (Pending p : pending.values()) {
      ops.add(Operation.unknown(p.id, p.process, p.call, p.invokeNanos,
          Math.max(now, p.invokeNanos), "pending at end of run"));
    }
    ops.sort(java.util.Comparator.comparingLong(Operation::id));
    return new History(attributes, ops);
  }

  private synchronized void complete(Pending p, Operation op) {
    if (pending.remove(p.id) == null) {
      throw new IllegalStateException("operation " + p.id + " " + p.call + " completed twice");
    }
    completed.put(p.id, op);
  }

  /** An invoked operation awaiting its outcome. Complete it exactly once. */
  public final class Pending {
    private final long id;
    private final int process;
    private final Call call;
    private final long invokeNanos;

    private Pending(long id, int process, Call call, long invokeNanos) {
      this.id = id;
      this.process = process;
      this.call = call;
      this.invokeNanos = invokeNanos;
    }

    public long id() {
      return id;
    }

    /** Acknowledged; {@code reply} is the observed value for reads and null otherwise. */
    public Operation ok(Reply reply) {
      Operation op = Operation.ok(id, process, call, invokeNanos, now(), reply);
      complete(this, op);
      return op;
    }

    /** Acknowledged write, delete, CAS, add, transfer or init (no observed value). */
    public Operation ok() {
      return ok(null);
    }

    /** Definitely not applied (412 CAS mismatch, 404 on a conditional write, 503 "not applied", 429). */
    public Operation fail(String error) {
      Operation op = Operation.fail(id, process, call, invokeNanos, now(), error);
      complete(this, op);
      return op;
    }

    /** Indeterminate (timeout, 504, connection reset after sending). */
    public Operation unknown(String error) {
      Operation op = Operation.unknown(id, process, call, invokeNanos, now(), error);
      complete(this, op);
      return op;
    }

    private long now() {
      return Math.max(clock.getAsLong(), invokeNanos);
    }
  }
}
