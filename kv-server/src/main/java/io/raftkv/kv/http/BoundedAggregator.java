package io.raftkv.kv.http;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpRequest;
import io.raftkv.api.ErrorKind;

/**
 * Aggregates a request into a {@code FullHttpRequest} up to the server's body limit. A body that grows past
 * the limit (e.g. chunked without Content-Length) becomes a 413 placeholder for {@link KvRequestHandler}, so
 * the answer is JSON and stays in request order; the aggregator drops the rest of that body.
 */
final class BoundedAggregator extends HttpObjectAggregator {

  private final int maxBodyBytes;

  BoundedAggregator(int maxBodyBytes) {
    super(maxBodyBytes);
    this.maxBodyBytes = maxBodyBytes;
  }

  @Override
  protected void handleOversizedMessage(ChannelHandlerContext ctx, HttpMessage oversized) {
    if (oversized instanceof HttpRequest request) {
      ctx.fireChannelRead(AdmissionHandler.placeholder(request, new RequestRejectedException(
          ErrorKind.PAYLOAD_TOO_LARGE, "request body exceeds the limit of " + maxBodyBytes + " bytes")));
    } else {
      ctx.close();
    }
  }
}
