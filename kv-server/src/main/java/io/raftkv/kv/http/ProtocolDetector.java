package io.raftkv.kv.http;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.codec.http2.Http2CodecUtil;
import java.util.List;

/**
 * Chooses the protocol of a new cleartext connection from its first bytes: the HTTP/2 client connection
 * preface (RFC 9113 §3.4, "prior knowledge") selects HTTP/2, anything else HTTP/1.1 (which may still
 * upgrade with {@code Upgrade: h2c}). It then installs that protocol's handlers and removes itself,
 * handing the bytes it has seen to them.
 */
final class ProtocolDetector extends ByteToMessageDecoder {

  private static final ByteBuf PREFACE = Http2CodecUtil.connectionPrefaceBuf();

  private final KvHttpInitializer pipelines;

  ProtocolDetector(KvHttpInitializer pipelines) {
    this.pipelines = pipelines;
  }

  @Override
  protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
    int seen = Math.min(in.readableBytes(), PREFACE.readableBytes());
    for (int i = 0; i < seen; i++) {
      if (in.getByte(in.readerIndex() + i) != PREFACE.getByte(PREFACE.readerIndex() + i)) {
        pipelines.configureHttp1(ctx.pipeline(), ctx.name());
        ctx.pipeline().remove(this);
        return;
      }
    }
    if (seen == PREFACE.readableBytes()) {
      pipelines.configureHttp2(ctx.pipeline(), ctx.name());
      ctx.pipeline().remove(this);
    }
    // Else: a prefix of the preface so far; wait for more bytes.
  }
}
