package io.raftkv.kv.server.events;

import io.raftkv.api.NodeEvent;
import io.raftkv.kv.api.NodeEventFeed;
import io.raftkv.kv.server.metrics.RequestWindow;
import io.raftkv.server.events.EventHub;
import io.raftkv.server.events.EventSubscription;
import io.raftkv.server.events.Published;
import io.raftkv.server.events.StatusSnapshot;
import java.util.function.LongSupplier;

/**
 * {@code /v1/events} over the Raft driver's {@link EventHub}: each viewer is a hub subscription (bounded,
 * drop-oldest), its status messages are rendered from the hub's latest snapshot, with rates since the
 * snapshot that viewer saw last, and the node's request rates from a {@link RequestWindow}.
 *
 * <p>Thread-safe: the hub is; each viewer is used by one network thread at a time.
 */
public final class DriverEventFeed implements NodeEventFeed {

  private final String nodeId;
  private final String clientUrl;
  private final String peerAddress;
  private final EventHub hub;
  private final RequestWindow requests;
  private final LongSupplier clockMillis;
  /** Unread events per viewer before the oldest are dropped. */
  private final int capacity;

  public DriverEventFeed(String nodeId, String clientUrl, String peerAddress, EventHub hub, RequestWindow requests,
      LongSupplier clockMillis, int capacity) {
    this.nodeId = nodeId;
    this.clientUrl = clientUrl;
    this.peerAddress = peerAddress;
    this.hub = hub;
    this.requests = requests;
    this.clockMillis = clockMillis;
    this.capacity = capacity;
  }

  @Override
  public NodeEvent.Hello hello() {
    return new NodeEvent.Hello(nodeId, clockMillis.getAsLong(), clientUrl, peerAddress);
  }

  @Override
  public long nextId() {
    return hub.nextSequence();
  }

  @Override
  public Viewer open(Runnable wake) {
    return new DriverViewer(hub.subscribe(capacity, wake));
  }

  /** One viewer: its subscription and the snapshot its last status was computed from. */
  private final class DriverViewer implements Viewer {

    private final EventSubscription subscription;
    private StatusSnapshot previous;
    private NodeEvent.Status last;

    DriverViewer(EventSubscription subscription) {
      this.subscription = subscription;
    }

    @Override
    public Item poll() {
      Published p = subscription.poll();
      return p == null ? null : new Item(p.sequence(), EventRendering.render(nodeId, p));
    }

    @Override
    public long takeDropped() {
      return subscription.takeDropped();
    }

    @Override
    public NodeEvent.Status status() {
      StatusSnapshot now = hub.latestStatus();
      if (now == null) {
        return null;
      }
      if (previous != null && now.timeMillis() <= previous.timeMillis() && last != null) {
        return last; // the loop took no newer snapshot: same state, same rates
      }
      last = StatusRendering.render(now, previous, requests.current());
      previous = now;
      return last;
    }

    @Override
    public void close() {
      subscription.close();
    }
  }
}
