package io.raftkv.client.http;

import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.concurrent.ScheduledFuture;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * One request/response exchange on one endpoint: the promise the caller waits on, whether the request has
 * been completely written, and the timeout.
 *
 * <p>Thread confinement: every method except {@link #promise()} runs on the owning pool's event loop, so the
 * fields need no synchronisation. Invariant: the promise completes exactly once; {@code sent} only goes
 * from false to true.
 */
final class Exchange {

  private final HttpRequestSpec spec;
  private final Endpoint endpoint;
  private final CompletableFuture<HttpResult> promise = new CompletableFuture<>();
  private boolean sent;
  private Runnable abandon;
  private ScheduledFuture<?> timeout;

  Exchange(HttpRequestSpec spec, Endpoint endpoint) {
    this.spec = spec;
    this.endpoint = endpoint;
  }

  CompletableFuture<HttpResult> promise() {
    return promise;
  }

  boolean isDone() {
    return promise.isDone();
  }

  /**
   * Called once the exchange is on the wire: {@code abandon} drops what carries it (closes the HTTP/1.1
   * connection, resets the HTTP/2 stream) when the timeout fires first.
   */
  void assign(Runnable abandon) {
    this.abandon = abandon;
  }

  /** The HTTP/1.1 connection carries this exchange; a timeout closes it. */
  void assign(Channel channel) {
    assign(channel::close);
  }

  void markSent() {
    sent = true;
  }

  /**
   * Starts the request timeout. It covers queueing for a connection as well as the server's work, so a
   * caller never waits longer than the configured timeout for one attempt.
   */
  void armTimeout(EventLoop loop, Duration after) {
    timeout = loop.schedule(() -> {
      if (isDone()) {
        return;
      }
      fail("no response within " + after.toMillis() + " ms", null);
      if (abandon != null) {
        // The response may still arrive; it cannot be matched to this exchange any more, so drop its carrier.
        abandon.run();
      }
    }, after.toNanos(), TimeUnit.NANOSECONDS);
  }

  FullHttpRequest toNettyRequest() {
    FullHttpRequest request = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.valueOf(spec.method()),
        spec.pathAndQuery(), Unpooled.wrappedBuffer(spec.body()));
    request.headers().set(HttpHeaderNames.HOST, endpoint.authority());
    request.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, spec.body().length);
    spec.headers().forEach((name, value) -> request.headers().set(name, value));
    return request;
  }

  /** The request this exchange carries. */
  HttpRequestSpec spec() {
    return spec;
  }

  void succeed(FullHttpResponse response) {
    Map<String, String> headers = new HashMap<>();
    response.headers().forEach(e -> headers.putIfAbsent(e.getKey().toLowerCase(Locale.ROOT), e.getValue()));
    succeed(response.status().code(), headers, ByteBufUtil.getBytes(response.content()));
  }

  /** Completes with a response; {@code headers} has lower-case names. */
  void succeed(int status, Map<String, String> headers, byte[] body) {
    cancelTimeout();
    promise.complete(new HttpResult(status, headers, body, endpoint.toString()));
  }

  /**
   * Fails the exchange as one the server certainly did not process although it was sent: HTTP/2
   * REFUSED_STREAM, or a stream above a GOAWAY's last-stream-id (RFC 9113 §8.7), so failover may resend it.
   */
  void failUnprocessed(String message) {
    if (isDone()) {
      return;
    }
    cancelTimeout();
    promise.completeExceptionally(new ExchangeFailedException(endpoint.toString(), false, message, null));
  }

  /** Fails the exchange; {@code sent} at this moment decides whether failover may resend it. */
  void fail(String message, Throwable cause) {
    if (isDone()) {
      // Every carrier reports its end; building the exception (and its stack trace) for an exchange that
      // already completed is wasted work on the hot path.
      return;
    }
    cancelTimeout();
    promise.completeExceptionally(new ExchangeFailedException(endpoint.toString(), sent, message, cause));
  }

  private void cancelTimeout() {
    if (timeout != null) {
      timeout.cancel(false);
    }
  }

  @Override
  public String toString() {
    return spec + " @ " + endpoint;
  }
}
