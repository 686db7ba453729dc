package io.raftkv.kv.http;

import io.netty.channel.Channel;
import io.netty.util.AttributeKey;
import java.util.ArrayDeque;
import java.util.concurrent.Semaphore;

/**
 * Bounds the requests a server works on at once, across every connection and HTTP/2 stream, so that load
 * can never buffer more bodies than {@code maxInFlight} of them.
 *
 * <p>Admission happens when a request's headers arrive ({@link AdmissionHandler}); the permit is returned
 * when its response is written ({@link KvRequestHandler}) or the channel closes. Each channel records, in
 * request order, which permit each of its outstanding requests holds; HTTP/1.1 answers in request order,
 * so the head of that queue is always the request being answered. All per-channel calls run on the channel's
 * event loop.
 *
 * <p>A long poll ({@link LongPoll}) spends nearly all its time waiting with no body and no work, so {@link
 * #park} trades its in-flight permit for one of {@code 8 x maxInFlight} parked permits: waiting clients then
 * cannot starve ordinary requests into 429s, and are still bounded. Invariant: a request holds at most one
 * permit, of one kind, and returns it exactly once.
 */
final class InFlightLimiter {

  /** What one outstanding request holds. */
  private enum Held {
    NONE, IN_FLIGHT, PARKED
  }

  /** Parked permits per in-flight permit. */
  static final int PARKED_PER_IN_FLIGHT = 8;

  private static final AttributeKey<ArrayDeque<Held>> HELD = AttributeKey.valueOf("raftkv.inflight");

  private final Semaphore permits;
  private final Semaphore parked;
  private final int max;

  InFlightLimiter(int max) {
    this.max = max;
    this.permits = new Semaphore(max);
    this.parked = new Semaphore(max * PARKED_PER_IN_FLIGHT);
  }

  /** Tries to admit the next request on {@code ch}; records the decision either way. */
  boolean tryAdmit(Channel ch) {
    boolean admitted = permits.tryAcquire();
    queue(ch).addLast(admitted ? Held.IN_FLIGHT : Held.NONE);
    return admitted;
  }

  /** Records a request on {@code ch} that is answered without a permit (refused or malformed). */
  void recordWithoutPermit(Channel ch) {
    queue(ch).addLast(Held.NONE);
  }

  /**
   * The newest request on {@code ch} (the one just handed to the request handler: a channel's requests
   * reach it in the order their headers were admitted, one at a time) is going to wait: if a parked permit
   * is free it takes that and returns its in-flight permit. Otherwise it keeps its in-flight permit.
   *
   * @return whether the request is now parked
   */
  boolean park(Channel ch) {
    ArrayDeque<Held> q = queue(ch);
    if (q.peekLast() != Held.IN_FLIGHT || !parked.tryAcquire()) {
      return false;
    }
    q.pollLast();
    q.addLast(Held.PARKED);
    permits.release();
    return true;
  }

  /** The response to the oldest outstanding request on {@code ch} was written. */
  void completed(Channel ch) {
    release(queue(ch).pollFirst());
  }

  /** {@code ch} closed: return the permits of its unanswered requests. */
  void closed(Channel ch) {
    ArrayDeque<Held> q = queue(ch);
    for (Held held : q) {
      release(held);
    }
    q.clear();
  }

  private void release(Held held) {
    if (held == Held.IN_FLIGHT) {
      permits.release();
    } else if (held == Held.PARKED) {
      parked.release();
    }
  }

  int inFlight() {
    return max - permits.availablePermits();
  }

  /** Requests parked now (long polls waiting without an in-flight permit). */
  int parked() {
    return max * PARKED_PER_IN_FLIGHT - parked.availablePermits();
  }

  private static ArrayDeque<Held> queue(Channel ch) {
    ArrayDeque<Held> q = ch.attr(HELD).get();
    if (q == null) {
      q = new ArrayDeque<>();
      ch.attr(HELD).set(q);
    }
    return q;
  }
}
