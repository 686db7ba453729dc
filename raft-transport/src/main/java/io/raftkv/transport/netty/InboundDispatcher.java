package io.raftkv.transport.netty;

import com.google.protobuf.InvalidProtocolBufferException;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.CorruptedFrameException;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.util.ReferenceCountUtil;
import io.raftkv.raft.proto.Message;
import io.raftkv.server.transport.InboundHandler;
import io.raftkv.transport.codec.CodecException;
import io.raftkv.transport.codec.MessageCodec;
import io.raftkv.transport.codec.pb.Envelope;
import java.io.IOException;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks and delivers the frames of one accepted connection (one instance per connection).
 *
 * <p>Every frame must name this cluster and a known member as sender, and the sender may not change
 * within a connection; otherwise the connection is closed and a WARN logged: it is misconfigured or
 * hostile, and nothing else it sends can be trusted. A frame that does not parse, or an oversized or
 * corrupt length prefix, also closes this connection only; the server and other connections keep going.
 * The first good frame of a connection also tells the transport that its sender is up ({@code peerAlive}).
 * A well-formed frame addressed to another node id is dropped and logged (a stale address book is not an
 * attack, so the connection stays).
 */
final class InboundDispatcher extends ChannelInboundHandlerAdapter {

  private static final Logger log = LoggerFactory.getLogger(InboundDispatcher.class);

  private final String clusterId;
  private final String selfId;
  private final Predicate<String> isKnownPeer;
  private final InboundHandler handler;
  private final Consumer<String> peerAlive;
  private String sender; // the connection's peer, pinned by its first accepted frame
  private long misaddressed;
  private boolean rejected; // frames already split from the stream after a rejection are ignored

  InboundDispatcher(String clusterId, String selfId, Predicate<String> isKnownPeer, InboundHandler handler,
      Consumer<String> peerAlive) {
    this.clusterId = clusterId;
    this.selfId = selfId;
    this.isKnownPeer = isKnownPeer;
    this.handler = handler;
    this.peerAlive = peerAlive;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (rejected) {
      ReferenceCountUtil.release(msg);
      return;
    }
    Envelope env;
    try {
      env = FrameCodec.decode((ByteBuf) msg);
    } catch (InvalidProtocolBufferException e) {
      reject(ctx, "malformed frame: " + e.getMessage());
      return;
    } finally {
      ReferenceCountUtil.release(msg);
    }
    if (!clusterId.equals(env.getClusterId())) {
      reject(ctx, "frame for cluster '" + env.getClusterId() + "' from '" + env.getSenderId() + "'");
      return;
    }
    String from = env.getSenderId();
    if (!isKnownPeer.test(from)) {
      reject(ctx, "frame from unknown member '" + from + "'");
      return;
    }
    if (sender == null) {
      sender = from;
      peerAlive.accept(from); // a (re)started peer: our way back to it need not wait out a backoff
    } else if (!sender.equals(from)) {
      reject(ctx, "sender changed from '" + sender + "' to '" + from + "' within one connection");
      return;
    }
    if (!selfId.equals(env.getRecipientId())) {
      // First one, then every 1000th: a misrouted peer sends many.
      if (misaddressed++ % 1000 == 0) {
        log.warn("dropping message from {} addressed to '{}', not to this node '{}' ({} so far on this connection)",
            from, env.getRecipientId(), selfId, misaddressed);
      }
      return;
    }
    Message m;
    try {
      m = MessageCodec.fromEnvelope(env);
    } catch (CodecException e) {
      reject(ctx, "invalid message: " + e.getMessage());
      return;
    }
    try {
      handler.onMessage(m);
    } catch (RuntimeException e) {
      // The handler's bug, not the peer's: keep the connection.
      log.error("inbound handler failed on {} from {}", m.getClass().getSimpleName(), from, e);
    }
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    if (cause instanceof TooLongFrameException || cause instanceof CorruptedFrameException) {
      reject(ctx, cause.getMessage());
    } else if (cause instanceof IOException) {
      // The peer went away mid-stream (crash, reset): routine for a Raft cluster, not an attack.
      log.info("peer connection from {} ({}) failed: {}", ctx.channel().remoteAddress(), sender, cause.toString());
      ctx.close();
    } else {
      log.warn("closing peer connection from {} ({})", ctx.channel().remoteAddress(), sender, cause);
      ctx.close();
    }
  }

  private void reject(ChannelHandlerContext ctx, String why) {
    rejected = true;
    log.warn("rejecting peer connection from {} ({}): {}", ctx.channel().remoteAddress(),
        sender == null ? "sender not yet known" : sender, why);
    ctx.close();
  }
}
