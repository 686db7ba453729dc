package io.raftkv.chaos.history;

import java.util.Objects;

/**
 * One client operation: who issued it, what it was, when it was invoked and completed, what the
 * client learned, and (for OK reads) what it observed.
 *
 * <p>Invariants, checked on construction: {@code invokeNanos <= completeNanos}; an OK read has a
 * reply of the type its call implies; no other operation has a reply. Times are nanoseconds from
 * one clock shared by every client of the run (e.g. {@link System#nanoTime()} in one JVM), so that
 * real-time order between operations of different clients is meaningful. For an UNKNOWN operation
 * {@code completeNanos} is when the client gave up; the checker treats it as +infinity.
 *
 * @param id unique within the history; the recorder assigns them in invocation order
 * @param process the client (logical process) that issued it; a process has one operation in
 *     flight at a time
 * @param error why the operation failed or is unknown (e.g. "504", "timeout"), or null
 */
public record Operation(
    long id,
    int process,
    Call call,
    long invokeNanos,
    long completeNanos,
    Outcome outcome,
    Reply reply,
    String error) {

  public Operation {
    Objects.requireNonNull(call, "call");
    Objects.requireNonNull(outcome, "outcome");
    if (completeNanos < invokeNanos) {
      throw new IllegalArgumentException(
          "operation " + id + " completes (" + completeNanos + ") before it is invoked ("
              + invokeNanos + ")");
    }
    if (outcome == Outcome.OK && call.isRead()) {
      if (reply == null) {
        throw new IllegalArgumentException("OK read " + id + " " + call + " has no reply");
      }
      if (!replyFits(call, reply)) {
        throw new IllegalArgumentException(
            "operation " + id + " " + call + " cannot reply " + reply.getClass().getSimpleName());
      }
    } else if (reply != null) {
      throw new IllegalArgumentException(
          "only OK reads carry a reply; operation " + id + " " + call + " " + outcome
              + " has " + reply);
    }
  }

  /** An operation that completed OK; {@code reply} must be non-null exactly for reads. */
  public static Operation ok(long id, int process, Call call, long invoke, long complete, Reply reply) {
    return new Operation(id, process, call, invoke, complete, Outcome.OK, reply, null);
  }

  /** An operation the server definitely did not apply. */
  public static Operation fail(long id, int process, Call call, long invoke, long complete, String error) {
    return new Operation(id, process, call, invoke, complete, Outcome.FAIL, null, error);
  }

  /** An operation whose effect is unknown. */
  public static Operation unknown(long id, int process, Call call, long invoke, long complete, String error) {
    return new Operation(id, process, call, invoke, complete, Outcome.UNKNOWN, null, error);
  }

  /**
   * Human-readable one-liner, times in milliseconds relative to {@code originNanos}, e.g.
   * {@code #12 p3 read(k1) -> v7 OK [10.125ms .. 12.500ms]}.
   */
  public String describe(long originNanos) {
    StringBuilder b = new StringBuilder();
    b.append('#').append(id).append(" p").append(process).append(' ').append(call);
    if (reply != null) {
      b.append(" -> ").append(reply);
    }
    b.append(' ').append(outcome);
    if (error != null) {
      b.append(" (").append(error).append(')');
    }
    b.append(" [").append(millis(invokeNanos - originNanos)).append(" .. ");
    b.append(outcome == Outcome.UNKNOWN ? "?" : millis(completeNanos - originNanos)).append(']');
    return b.toString();
  }

  private static String millis(long nanos) {
    return String.format(java.util.Locale.ROOT, "%.3fms", nanos / 1e6);
  }

  private static boolean replyFits(Call call, Reply reply) {
    if (call instanceof Call.Read) {
      return reply instanceof Reply.Value;
    }
    if (call instanceof Call.SetRead) {
      return reply instanceof Reply.Elements;
    }
    if (call instanceof Call.BankRead) {
      return reply instanceof Reply.Balances;
    }
    return false;
  }
}
