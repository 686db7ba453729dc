package io.raftkv.cli.bench;

import io.raftkv.api.Compare;
import io.raftkv.api.Consistency;
import io.raftkv.api.GetResult;
import io.raftkv.api.KeyValue;
import io.raftkv.api.Op;
import io.raftkv.api.TxnRequest;
import io.raftkv.api.TxnResult;
import io.raftkv.client.RaftKvClient;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/** Drives RaftKV through {@link RaftKvClient}: one client, with its own event loop and connections. */
final class RaftKvTarget implements BenchTarget {

  private final RaftKvClient client;
  private final Map<String, Long> knownRevisions;

  RaftKvTarget(BenchConfig config, Map<String, Long> knownRevisions) {
    this.client = RaftKvClient.builder().endpoints(config.endpoints()).http2(!config.http1())
        .connectionsPerEndpoint(config.connections()).streamsPerConnection(config.inflight())
        .requestTimeout(config.timeout()).build();
    this.knownRevisions = knownRevisions;
  }

  @Override
  public CompletableFuture<Outcome> put(String key, byte[] value) {
    return client.putAsync(key, value).thenApply(result -> {
      knownRevisions.merge(key, result.revision(), Math::max);
      return Outcome.OK;
    });
  }

  @Override
  public CompletableFuture<Outcome> get(String key, boolean serializable) {
    return client.getAsync(key, serializable ? Consistency.SERIALIZABLE : Consistency.LINEARIZABLE)
        .thenApply(value -> value.isPresent() ? Outcome.OK : Outcome.MISS);
  }

  @Override
  public CompletableFuture<Outcome> cas(String key, byte[] value) {
    long expected = knownRevisions.getOrDefault(key, 0L);
    // On a conflict the failure branch reads the key, so the next CAS needs no extra round trip.
    TxnRequest txn = TxnRequest.builder().when(Compare.modRevision(key, Compare.Result.EQUAL, expected))
        .then(new Op.Put(key, value)).otherwise(new Op.Get(key)).build();
    return client.txnAsync(txn).thenApply(result -> {
      if (result.succeeded()) {
        knownRevisions.merge(key, result.revision(), Math::max);
        return Outcome.OK;
      }
      long current = result.results().stream()
          .filter(r -> r instanceof GetResult).map(r -> (GetResult) r)
          .findFirst().flatMap(GetResult::value).map(KeyValue::modRevision).orElse(0L);
      knownRevisions.merge(key, current, Math::max);
      return Outcome.CONFLICT;
    });
  }

  @Override
  public void close() {
    client.close();
  }
}
