package io.raftkv.transport.netty;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.util.concurrent.TimeUnit;

/**
 * The event loops of one transport and the matching channel classes: native epoll when
 * {@link Epoll#isAvailable()} (and preferred), NIO otherwise.
 *
 * <p>One acceptor thread ("boss") and {@code ioThreads} workers shared by accepted and outbound
 * connections; a peer's outbound connection stays on one worker for its lifetime, so its state needs no
 * locks. Threads are daemons so a forgotten transport never keeps a JVM alive.
 */
final class IoResources implements AutoCloseable {

  final EventLoopGroup boss;
  final EventLoopGroup workers;
  final Class<? extends ServerChannel> serverChannelClass;
  final Class<? extends SocketChannel> channelClass;
  final boolean epoll;

  private IoResources(String name, int ioThreads, boolean useEpoll) {
    this.epoll = useEpoll;
    IoHandlerFactory factory = useEpoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
    this.boss = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory(name + "-accept", true), factory);
    this.workers = new MultiThreadIoEventLoopGroup(ioThreads, new DefaultThreadFactory(name + "-io", true), factory);
    this.serverChannelClass = useEpoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
    this.channelClass = useEpoll ? EpollSocketChannel.class : NioSocketChannel.class;
  }

  static IoResources create(String name, int ioThreads, boolean preferEpoll) {
    return new IoResources(name, ioThreads, preferEpoll && Epoll.isAvailable());
  }

  /** Shuts both groups down (no quiet period) and waits up to a few seconds for their threads. */
  @Override
  public void close() {
    var b = boss.shutdownGracefully(0, 2, TimeUnit.SECONDS);
    var w = workers.shutdownGracefully(0, 2, TimeUnit.SECONDS);
    b.awaitUninterruptibly(5, TimeUnit.SECONDS);
    w.awaitUninterruptibly(5, TimeUnit.SECONDS);
  }
}
