package io.raftkv.transport.netty;

import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.group.ChannelGroup;
import io.raftkv.server.transport.InboundHandler;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * Builds the pipeline of a connection accepted from a peer: frame splitter (enforcing maxFrameBytes),
 * then {@link InboundDispatcher}. Accepted channels join {@code accepted} so closing the transport
 * closes them.
 */
final class InboundChannelInitializer extends ChannelInitializer<Channel> {

  private final TransportConfig cfg;
  private final Predicate<String> isKnownPeer;
  private final InboundHandler handler;
  private final ChannelGroup accepted;
  private final Consumer<String> peerAlive;

  InboundChannelInitializer(TransportConfig cfg, Predicate<String> isKnownPeer, InboundHandler handler,
      ChannelGroup accepted, Consumer<String> peerAlive) {
    this.cfg = cfg;
    this.isKnownPeer = isKnownPeer;
    this.handler = handler;
    this.accepted = accepted;
    this.peerAlive = peerAlive;
  }

  @Override
  protected void initChannel(Channel ch) {
    accepted.add(ch);
    ch.pipeline()
        .addLast("frames", FrameCodec.newFrameDecoder(cfg.maxFrameBytes()))
        .addLast("dispatch", new InboundDispatcher(cfg.clusterId(), cfg.selfId(), isKnownPeer, handler,
            peerAlive));
  }
}
