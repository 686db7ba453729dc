package io.raftkv.bench;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.maintenance.StatusResponse;
import io.raftkv.api.ClusterStatus;
import io.raftkv.api.Consistency;
import io.raftkv.cli.bench.TargetKind;
import io.raftkv.client.RaftKvClient;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * One client per member of a 3-node cluster (RaftKV or etcd), each bound to that member's endpoint only, so
 * a failover probe measures the cluster rather than a client's endpoint-switching policy. Writes are single
 * attempts (no client retry).
 */
abstract class ClusterProbe implements AutoCloseable {

  final List<String> endpoints;

  ClusterProbe(List<String> endpoints) {
    this.endpoints = List.copyOf(endpoints);
  }

  static ClusterProbe of(TargetKind target, List<String> endpoints) {
    return target == EtcdTarget.KIND ? new Etcd(endpoints) : new RaftKv(endpoints);
  }

  /** One write through member {@code i}; completes exceptionally on any failure. */
  abstract CompletableFuture<?> put(int i, String key, byte[] value);

  /** Whether member {@code i} answers a local (serializable) read. */
  abstract CompletableFuture<?> ping(int i);

  /** The index of the member that says it is the leader, or -1 when none does. */
  abstract int leader();

  static final class RaftKv extends ClusterProbe {
    private final List<RaftKvClient> clients = new ArrayList<>();

    RaftKv(List<String> endpoints) {
      super(endpoints);
      for (String e : endpoints) {
        clients.add(RaftKvClient.builder().endpoints(e).maxAttempts(1).requestTimeout(Duration.ofSeconds(1))
            .connectTimeout(Duration.ofMillis(500)).build());
      }
    }

    @Override
    CompletableFuture<?> put(int i, String key, byte[] value) {
      return clients.get(i).putAsync(key, value);
    }

    @Override
    CompletableFuture<?> ping(int i) {
      return clients.get(i).getAsync("failover/ping", Consistency.SERIALIZABLE);
    }

    @Override
    int leader() {
      for (int i = 0; i < clients.size(); i++) {
        try {
          ClusterStatus s = clients.get(i).clusterStatusAsync().get(1, TimeUnit.SECONDS);
          if (s.answeredByLeader()) {
            return i;
          }
        } catch (Exception e) {
          // A member that does not answer is not the leader we can kill.
        }
      }
      return -1;
    }

    @Override
    public void close() {
      clients.forEach(RaftKvClient::close);
    }
  }

  static final class Etcd extends ClusterProbe {
    private final List<Client> clients = new ArrayList<>();

    Etcd(List<String> endpoints) {
      super(endpoints);
      for (String e : endpoints) {
        clients.add(Client.builder().endpoints(e).retryMaxAttempts(0).connectTimeout(Duration.ofMillis(500))
            .build());
      }
    }

    @Override
    CompletableFuture<?> put(int i, String key, byte[] value) {
      return clients.get(i).getKVClient()
          .put(ByteSequence.from(key, StandardCharsets.UTF_8), ByteSequence.from(value))
          .orTimeout(1, TimeUnit.SECONDS);
    }

    @Override
    CompletableFuture<?> ping(int i) {
      return status(i);
    }

    private CompletableFuture<StatusResponse> status(int i) {
      URI uri = URI.create(endpoints.get(i));
      return clients.get(i).getMaintenanceClient().statusMember(uri.getHost() + ":" + uri.getPort())
          .orTimeout(1, TimeUnit.SECONDS);
    }

    @Override
    int leader() {
      for (int i = 0; i < clients.size(); i++) {
        try {
          StatusResponse s = status(i).get(2, TimeUnit.SECONDS);
          if (s.getLeader() != 0 && s.getLeader() == s.getHeader().getMemberId()) {
            return i;
          }
        } catch (Exception e) {
          // A member that does not answer is not the leader we can kill.
        }
      }
      return -1;
    }

    @Override
    public void close() {
      clients.forEach(Client::close);
    }
  }
}
