package io.raftkv.kv.http;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import io.raftkv.api.ErrorKind;

/**
 * Decides, from a request's headers alone, whether to take it on: a declared Content-Length above the
 * route's limit gets 413 and a request over the in-flight limit gets 429, both without buffering the body.
 * A refused request continues down the pipeline as a bodiless placeholder whose decoder result carries a
 * {@link RequestRejectedException}, and the rest of its body is dropped here.
 *
 * <p>One instance per channel (HTTP/1.1 connection or HTTP/2 stream); runs on that channel's event loop.
 */
final class AdmissionHandler extends ChannelInboundHandlerAdapter {

  private final InFlightLimiter limiter;
  private final HttpServerConfig config;

  /** True while dropping the body of a refused request. */
  private boolean discarding;

  AdmissionHandler(InFlightLimiter limiter, HttpServerConfig config) {
    this.limiter = limiter;
    this.config = config;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (msg instanceof HttpRequest request) {
      discarding = false;
      if (!request.decoderResult().isSuccess()) {
        // Malformed: let the request handler answer 400 in order; it holds no permit.
        limiter.recordWithoutPermit(ctx.channel());
        ctx.fireChannelRead(msg);
        return;
      }
      RequestRejectedException rejection = check(ctx, request);
      if (rejection != null) {
        boolean last = msg instanceof LastHttpContent;
        ReferenceCountUtil.release(msg);
        discarding = !last;
        ctx.fireChannelRead(placeholder(request, rejection));
        return;
      }
      ctx.fireChannelRead(msg);
    } else if (discarding && msg instanceof HttpContent) {
      if (msg instanceof LastHttpContent) {
        discarding = false;
      }
      ReferenceCountUtil.release(msg);
    } else {
      ctx.fireChannelRead(msg);
    }
  }

  private RequestRejectedException check(ChannelHandlerContext ctx, HttpRequest request) {
    long declared = HttpUtil.getContentLength(request, -1L);
    int limit = request.method().equals(HttpMethod.PUT) ? config.maxPutBodyBytes() : config.maxBodyBytes();
    if (declared > limit) {
      limiter.recordWithoutPermit(ctx.channel());
      return new RequestRejectedException(ErrorKind.PAYLOAD_TOO_LARGE,
          "request body of " + declared + " bytes exceeds the limit of " + limit + " bytes");
    }
    if (!limiter.tryAdmit(ctx.channel())) {
      return new RequestRejectedException(ErrorKind.OVERLOADED,
          "too many requests in flight; retry later");
    }
    return null;
  }

  /** A bodiless stand-in for a refused request, keeping what the response needs (version, keep-alive). */
  static FullHttpRequest placeholder(HttpRequest request, RequestRejectedException rejection) {
    DefaultFullHttpRequest stub = new DefaultFullHttpRequest(request.protocolVersion(), request.method(),
        request.uri());
    stub.headers().set(request.headers());
    // A client that asked "Expect: 100-continue" will not send the body after a final answer, so the body's
    // bytes cannot be skipped to find the next request: the connection closes after the response
    // (RFC 9110 §10.1.1). The aggregator would otherwise also answer the Expect itself.
    if (HttpUtil.is100ContinueExpected(request)) {
      HttpUtil.setKeepAlive(stub, false);
    }
    stub.headers().remove(HttpHeaderNames.EXPECT);
    stub.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, 0);
    stub.headers().remove(HttpHeaderNames.TRANSFER_ENCODING);
    stub.setDecoderResult(DecoderResult.failure(rejection));
    return stub;
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) throws Exception {
    limiter.closed(ctx.channel());
    super.channelInactive(ctx);
  }
}
