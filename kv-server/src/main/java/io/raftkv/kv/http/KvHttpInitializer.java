package io.raftkv.kv.http;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpServerUpgradeHandler;
import io.netty.handler.codec.http2.Http2CodecUtil;
import io.netty.handler.codec.http2.Http2FrameCodec;
import io.netty.handler.codec.http2.Http2FrameCodecBuilder;
import io.netty.handler.codec.http2.Http2MultiplexHandler;
import io.netty.handler.codec.http2.Http2ServerUpgradeCodec;
import io.netty.handler.codec.http2.Http2Settings;
import io.netty.handler.codec.http2.Http2StreamChannel;
import io.netty.handler.codec.http2.Http2StreamFrameToHttpObjectCodec;
import io.netty.util.AsciiString;
import io.raftkv.kv.http.stream.OpenStreams;
import io.raftkv.kv.http.stream.StreamWriter;

/**
 * Builds the pipelines. Every connection starts with a {@link ProtocolDetector}; then either
 *
 * <ul>
 *   <li>HTTP/1.1: codec, h2c upgrade handler, {@link AdmissionHandler}, {@link BoundedAggregator},
 *       {@link KvRequestHandler}; or
 *   <li>HTTP/2 (prior knowledge, or after {@code Upgrade: h2c}): {@link Http2FrameCodec} and an
 *       {@link Http2MultiplexHandler} giving each stream a child channel with the same admission,
 *       aggregation and request handling as HTTP/1.1, behind an HTTP/2-to-HTTP/1 object codec.
 * </ul>
 *
 * One handler chain serves both protocols, so the API behaves identically over either. No handler
 * times out an idle connection or stream: a quiet streamed response (a watch waiting for the next
 * revision) stays open; see {@link StreamWriter}.
 */
final class KvHttpInitializer extends ChannelInitializer<Channel> {

  static final String HTTP1_ADMISSION = "http1-admission";
  static final String HTTP1_AGGREGATOR = "http1-aggregator";
  static final String HTTP1_HANDLER = "http1-handler";

  /** Request line and header limits: a 4096-byte key percent-encoded is 12 KiB of path. */
  private static final int MAX_INITIAL_LINE = 16 * 1024;
  private static final int MAX_HEADER_BYTES = 16 * 1024;

  private final HttpServerConfig config;
  private final Router router;
  private final InFlightLimiter limiter;
  private final OpenStreams streams;

  KvHttpInitializer(HttpServerConfig config, Router router, InFlightLimiter limiter, OpenStreams streams) {
    this.config = config;
    this.router = router;
    this.limiter = limiter;
    this.streams = streams;
  }

  @Override
  protected void initChannel(Channel ch) {
    ch.pipeline().addLast("detect", new ProtocolDetector(this));
  }

  void configureHttp1(ChannelPipeline p, String after) {
    HttpServerCodec codec = new HttpServerCodec(new HttpDecoderConfig()
        .setMaxInitialLineLength(MAX_INITIAL_LINE)
        .setMaxHeaderSize(MAX_HEADER_BYTES));
    HttpServerUpgradeHandler.UpgradeCodecFactory upgrades = protocol ->
        AsciiString.contentEquals(Http2CodecUtil.HTTP_UPGRADE_PROTOCOL_NAME, protocol)
            ? new Http2ServerUpgradeCodec(frameCodec(), new Http2MultiplexHandler(streamInitializer()))
            : null;
    HttpServerUpgradeHandler upgrade = new HttpServerUpgradeHandler(codec, upgrades, config.maxBodyBytes());
    p.addAfter(after, "http1-codec", codec)
        .addAfter("http1-codec", "http1-upgrade", upgrade)
        .addAfter("http1-upgrade", "http1-upgraded", new UpgradeCleanup())
        .addAfter("http1-upgraded", HTTP1_ADMISSION, new AdmissionHandler(limiter, config))
        .addAfter(HTTP1_ADMISSION, HTTP1_AGGREGATOR, new BoundedAggregator(config.maxBodyBytes()))
        .addAfter(HTTP1_AGGREGATOR, HTTP1_HANDLER, new KvRequestHandler(router, limiter, streams, config.requestTimeout()));
  }

  void configureHttp2(ChannelPipeline p, String after) {
    p.addAfter(after, "h2-frames", frameCodec())
        .addAfter("h2-frames", "h2-streams", new Http2MultiplexHandler(streamInitializer()))
        .addAfter("h2-streams", "h2-errors", new Http2ConnectionErrors());
  }

  private Http2FrameCodec frameCodec() {
    return Http2FrameCodecBuilder.forServer()
        .initialSettings(Http2Settings.defaultSettings()
            .maxConcurrentStreams(config.maxConcurrentStreams())
            .maxHeaderListSize(MAX_INITIAL_LINE + MAX_HEADER_BYTES))
        .build();
  }

  private ChannelInitializer<Http2StreamChannel> streamInitializer() {
    return new ChannelInitializer<>() {
      @Override
      protected void initChannel(Http2StreamChannel ch) {
        ch.pipeline().addLast(
            new Http2StreamFrameToHttpObjectCodec(true),
            new AdmissionHandler(limiter, config),
            new BoundedAggregator(config.maxBodyBytes()),
            new KvRequestHandler(router, limiter, streams, config.requestTimeout()));
      }
    };
  }

  /**
   * After a successful {@code Upgrade: h2c} the connection speaks HTTP/2 through the handlers the upgrade
   * installed; the HTTP/1.1 handlers behind them would only see stray connection-level frames, so they go,
   * and {@link Http2ConnectionErrors} takes this handler's place.
   */
  private static final class UpgradeCleanup extends ChannelInboundHandlerAdapter {
    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
      if (evt instanceof HttpServerUpgradeHandler.UpgradeEvent) {
        ChannelPipeline p = ctx.pipeline();
        p.remove(HTTP1_HANDLER);
        p.remove(HTTP1_AGGREGATOR);
        p.remove(HTTP1_ADMISSION);
        p.replace(this, "h2-errors", new Http2ConnectionErrors());
      }
      super.userEventTriggered(ctx, evt);
    }
  }
}
