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
 * request order, whether each of its outstanding requests holds a permit; HTTP/1.1 answers in request order,
 * so the head of that queue is always the request being answered. All per-channel calls run on the channel's
 * event loop.
 */
final class InFlightLimiter {

  private static final AttributeKey<ArrayDeque<Boolean>> HELD = AttributeKey.valueOf("raftkv.inflight");

  private final Semaphore permits;
  private final int max;

  InFlightLimiter(int max) {
    this.max = max;
    this.permits = new Semaphore(max);
  }

  /** Tries to admit the next request on {@code ch}; records the decision either way. */
  boolean tryAdmit(Channel ch) {
    boolean admitted = permits.tryAcquire();
    queue(ch).addLast(admitted);
    return admitted;
  }

  /** Records a request on {@code ch} that is answered without a permit (refused or malformed). */
  void recordWithoutPermit(Channel ch) {
    queue(ch).addLast(false);
  }

  /** The response to the oldest outstanding request on {@code ch} was written. */
  void completed(Channel ch) {
    Boolean held = queue(ch).pollFirst();
    if (held != null && held) {
      permits.release();
    }
  }

  /** {@code ch} closed: return the permits of its unanswered requests. */
  void closed(Channel ch) {
    ArrayDeque<Boolean> q = queue(ch);
    for (Boolean held : q) {
      if (held) {
        permits.release();
      }
    }
    q.clear();
  }

  int inFlight() {
    return max - permits.availablePermits();
  }

  private static ArrayDeque<Boolean> queue(Channel ch) {
    ArrayDeque<Boolean> q = ch.attr(HELD).get();
    if (q == null) {
      q = new ArrayDeque<>();
      ch.attr(HELD).set(q);
    }
    return q;
  }
}
