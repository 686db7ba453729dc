package io.raftkv.transport.netty;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The only handler of an outbound peer connection. Outbound connections carry this node's messages one
 * way; replies come back over the peer's own outbound connection. So this handler just relays
 * writability to the {@link PeerConnection} (back-pressure), discards anything a peer sends back, and
 * closes the channel on error (the connection then reconnects).
 */
@ChannelHandler.Sharable // one instance per PeerConnection, reused by each of its successive channels
final class OutboundChannelHandler extends ChannelInboundHandlerAdapter {

  private static final Logger log = LoggerFactory.getLogger(OutboundChannelHandler.class);

  private final PeerConnection peer;

  OutboundChannelHandler(PeerConnection peer) {
    this.peer = peer;
  }

  @Override
  public void channelWritabilityChanged(ChannelHandlerContext ctx) {
    if (ctx.channel().isWritable()) {
      peer.onWritable();
    }
    ctx.fireChannelWritabilityChanged();
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    ReferenceCountUtil.release(msg);
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    // An I/O error (peer reset) is announced by PeerConnection as "connection lost"; log it only once.
    if (cause instanceof IOException) {
      log.debug("outbound connection to {} failed: {}", ctx.channel().remoteAddress(), cause.toString());
    } else {
      log.warn("outbound connection to {} failed", ctx.channel().remoteAddress(), cause);
    }
    ctx.close();
  }
}
