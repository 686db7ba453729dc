package io.raftkv.server.transport;

import java.util.List;

class InMemoryTransportContractTest extends TransportContractTest {

  @Override
  protected List<Node> newCluster(List<String> ids) {
    InMemoryNetwork net = new InMemoryNetwork(1);
    return ids.stream().map(id -> {
      InMemoryTransport t = net.transport(id);
      RecordingHandler h = new RecordingHandler();
      t.start(h);
      return new Node(id, t, h);
    }).toList();
  }
}
