package io.raftkv.kv.http;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http2.Http2Exception;
import io.netty.handler.codec.http2.Http2FrameStreamException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The last handler of an HTTP/2 connection's pipeline. Stream errors (a client exceeding
 * SETTINGS_MAX_CONCURRENT_STREAMS, DATA for a stream already reset) have been answered with RST_STREAM by
 * the frame codec and concern one stream only, so they are logged at debug level and the connection stays;
 * anything else closes the connection.
 */
final class Http2ConnectionErrors extends ChannelInboundHandlerAdapter {

  private static final Logger log = LoggerFactory.getLogger(Http2ConnectionErrors.class);

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    if (cause instanceof Http2FrameStreamException || cause instanceof Http2Exception.StreamException) {
      log.debug("HTTP/2 stream error on {}: {}", ctx.channel(), cause.getMessage());
      return;
    }
    log.debug("closing HTTP/2 connection {} after an error", ctx.channel(), cause);
    ctx.close();
  }
}
