package io.raftkv.client.http;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Owns the client's small Netty event loop group and one {@link EndpointPool} per endpoint. Each pool is
 * pinned to one event loop of the group, so a pool's state is confined to one thread.
 */
public final class HttpTransport implements AutoCloseable {

  private final EventLoopGroup group;
  private final List<EndpointPool> pools;

  public HttpTransport(List<Endpoint> endpoints, boolean http2, PoolSettings settings, int ioThreads) {
    if (endpoints.isEmpty()) {
      throw new IllegalArgumentException("at least one endpoint is required");
    }
    if (ioThreads < 1) {
      throw new IllegalArgumentException("ioThreads must be >= 1: " + ioThreads);
    }
    this.group = new MultiThreadIoEventLoopGroup(ioThreads, new DefaultThreadFactory("raftkv-client", true),
        NioIoHandler.newFactory());
    List<EndpointPool> created = new ArrayList<>();
    for (Endpoint endpoint : endpoints) {
      created.add(http2
          ? new Http2Pool(endpoint, group.next(), settings)
          : new Http1Pool(endpoint, group.next(), settings));
    }
    this.pools = List.copyOf(created);
  }

  /** The pools, in the order of the endpoints given to the constructor. */
  public List<EndpointPool> pools() {
    return pools;
  }

  /** Schedules {@code task} after {@code delayMillis} on the group (used for retry backoff). */
  public void schedule(Runnable task, long delayMillis) {
    group.schedule(task, delayMillis, TimeUnit.MILLISECONDS);
  }

  @Override
  public void close() {
    pools.forEach(EndpointPool::close);
    group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
  }
}
