package io.raftkv.kv.http;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.raftkv.api.ApiError;
import io.raftkv.api.WatchResponse;
import io.raftkv.kv.RevisionUnavailableException;
import io.raftkv.kv.Watcher;
import io.raftkv.kv.http.stream.Chunk;
import io.raftkv.kv.http.stream.ChunkSource;
import io.raftkv.kv.http.stream.DataSignal;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The body of one watch stream: pulls the next revisions from its {@link Watcher} only when the HTTP layer
 * asks (the channel is writable), so a slow client leaves its cursor behind in the store's history instead
 * of filling a buffer here. Each revision's events go out as one message, in revision order, each revision
 * once.
 *
 * <p>Threads: {@link #next} and {@link #close} run on the stream's event loop; {@link #requestProgress}
 * and {@link #fail} come from the watch ticker and only set flags and signal. Invariant: after the error
 * message nothing but the end is sent.
 */
final class WatchSource implements ChunkSource {

  /**
   * Revisions looked at per pull: bounds the time one pull holds the store's read lock and the size of one
   * chunk (so 10,000 streams, each holding at most one chunk beyond the channel's high-water mark, keep the
   * node's memory bounded).
   */
  static final int REVISIONS_PER_PULL = 64;

  private final Watcher watcher;
  private final WatchFormat format;
  private final Runnable onClose;
  private final AtomicBoolean progressDue = new AtomicBoolean();
  private final AtomicReference<ApiError> failure = new AtomicReference<>();
  private volatile DataSignal signal;
  /** Whether anything was sent since the ticker last asked; event-loop only, read racily by the ticker. */
  private volatile boolean sentSinceTick;
  private boolean ended;

  WatchSource(Watcher watcher, WatchFormat format, Runnable onClose) {
    this.watcher = watcher;
    this.format = format;
    this.onClose = onClose;
  }

  @Override
  public void start(DataSignal signal) {
    this.signal = signal;
  }

  /** Wakes the stream; the watcher's wake-up and the ticker call it. */
  void wake() {
    DataSignal s = signal;
    if (s != null) {
      s.dataAvailable();
    }
  }

  /** Asks for a progress bookmark unless events went out since the last ask (the idle tick). */
  void tick() {
    if (!sentSinceTick) {
      requestProgress();
    }
    sentSinceTick = false;
  }

  /** Sends a bookmark with the revision seen up to, at once, caught up or not. */
  void requestProgress() {
    progressDue.set(true);
    wake();
  }

  /** Ends the stream with an error message ({@code no_leader}, ...). */
  void fail(ApiError error) {
    failure.compareAndSet(null, error);
    wake();
  }

  @Override
  public Chunk next(ByteBufAllocator alloc) {
    if (ended) {
      return Chunk.end();
    }
    ApiError error = failure.get();
    if (error != null) {
      return lastMessage(alloc, error);
    }
    List<WatchResponse> responses;
    try {
      responses = watcher.poll(REVISIONS_PER_PULL);
    } catch (RevisionUnavailableException e) {
      return lastMessage(alloc, ApiError.compacted(e.requested(), e.compactRevision()));
    }
    if (!responses.isEmpty()) {
      ByteBuf buf = alloc.buffer();
      for (WatchResponse r : responses) {
        buf.writeBytes(format.response(r));
      }
      sentSinceTick = true;
      if (progressDue.getAndSet(false)) {
        // After this chunk's events the watcher has delivered everything up to seenRevision, so a watch
        // still catching up gets its bookmark now, yet never one beyond what it delivered (etcd #17507).
        buf.writeBytes(bookmark());
      }
      if (!watcher.caughtUp()) {
        wake();
      }
      return Chunk.data(buf);
    }
    if (progressDue.getAndSet(false)) {
      return Chunk.data(alloc.buffer().writeBytes(bookmark()));
    }
    if (!watcher.caughtUp()) {
      // Looked at a full batch of revisions with nothing for this range: yield the event loop, then go on.
      wake();
    }
    return null;
  }

  private byte[] bookmark() {
    return format.response(new WatchResponse(watcher.seenRevision(), List.of()));
  }

  private Chunk lastMessage(ByteBufAllocator alloc, ApiError error) {
    ended = true;
    return Chunk.data(alloc.buffer().writeBytes(format.error(error)));
  }

  @Override
  public void close() {
    watcher.cancel();
    onClose.run();
  }
}
