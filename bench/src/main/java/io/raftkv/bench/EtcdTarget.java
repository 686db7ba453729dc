package io.raftkv.bench;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.KV;
import io.etcd.jetcd.kv.GetResponse;
import io.etcd.jetcd.op.Cmp;
import io.etcd.jetcd.op.CmpTarget;
import io.etcd.jetcd.op.Op;
import io.etcd.jetcd.options.GetOption;
import io.etcd.jetcd.options.PutOption;
import io.raftkv.cli.bench.BenchTarget;
import io.raftkv.cli.bench.TargetKind;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Drives etcd through jetcd's KV client, with the same workload shape as RaftKV's target: put, get
 * (linearizable, or serializable = answered from the member's local state) and compare-and-set as one
 * transaction {@code If(modRevision == last seen) Then(put) Else(get)}.
 *
 * <p>Retries: jetcd retries every KV call (put and txn included) on gRPC {@code UNAVAILABLE}, which a
 * client also sees when a connection dies after the request was sent, so a put could be applied twice. This
 * target sets {@code retryMaxAttempts(0)}: every call is one attempt, a failure is counted as an error, as
 * RaftKV's client does for writes whose outcome is unknown. gRPC itself still re-sends a call that provably
 * never left the client (transparent retry), which is safe.
 *
 * <p>Invariant: futures never block the caller; each completes within {@code timeout} (a local timeout: the
 * request is not cancelled on the server, exactly like an unknown-outcome write).
 */
public final class EtcdTarget implements BenchTarget {

  /** {@code --target etcd}: a local etcd, gRPC only (no {@code --http1}), 5 s per request by default. */
  public static final TargetKind KIND = new TargetKind("etcd", List.of("http://127.0.0.1:2379"),
      Duration.ofSeconds(5), false, (config, known) -> new EtcdTarget(config.endpoints(), config.timeout(), known));

  private final Client client;
  private final KV kv;
  private final Map<String, Long> knownRevisions;
  private final long timeoutNanos;
  private final GetOption linearizable = GetOption.builder().withSerializable(false).build();
  private final GetOption serializable = GetOption.builder().withSerializable(true).build();
  // The runner passes the same value array on every call; wrap it once instead of copying it per request.
  private volatile WrappedValue lastValue = new WrappedValue(new byte[0], ByteSequence.EMPTY);

  private record WrappedValue(byte[] raw, ByteSequence sequence) {
  }

  public EtcdTarget(List<String> endpoints, Duration timeout, Map<String, Long> knownRevisions) {
    this.client = Client.builder().endpoints(endpoints.toArray(String[]::new)).retryMaxAttempts(0)
        .connectTimeout(Duration.ofSeconds(2)).build();
    this.kv = client.getKVClient();
    this.knownRevisions = knownRevisions;
    this.timeoutNanos = timeout.toNanos();
  }

  @Override
  public CompletableFuture<Outcome> put(String key, byte[] value) {
    return bounded(kv.put(bytes(key), value(value)).thenApply(response -> {
      knownRevisions.merge(key, response.getHeader().getRevision(), Math::max);
      return Outcome.OK;
    }));
  }

  @Override
  public CompletableFuture<Outcome> get(String key, boolean serializableRead) {
    return bounded(kv.get(bytes(key), serializableRead ? serializable : linearizable)
        .thenApply(response -> response.getKvs().isEmpty() ? Outcome.MISS : Outcome.OK));
  }

  @Override
  public CompletableFuture<Outcome> cas(String key, byte[] value) {
    long expected = knownRevisions.getOrDefault(key, 0L);
    ByteSequence k = bytes(key);
    // etcd compares an absent key's mod_revision as 0, like RaftKV's Txn.Compare.modRevision(key, EQUAL, 0).
    return bounded(kv.txn().If(new Cmp(k, Cmp.Op.EQUAL, CmpTarget.modRevision(expected)))
        .Then(Op.put(k, value(value), PutOption.DEFAULT)).Else(Op.get(k, GetOption.DEFAULT)).commit()
        .thenApply(response -> {
          if (response.isSucceeded()) {
            knownRevisions.merge(key, response.getHeader().getRevision(), Math::max);
            return Outcome.OK;
          }
          long current = response.getGetResponses().stream().map(GetResponse::getKvs)
              .filter(kvs -> !kvs.isEmpty()).map(kvs -> kvs.get(0).getModRevision()).findFirst().orElse(0L);
          knownRevisions.merge(key, current, Math::max);
          return Outcome.CONFLICT;
        }));
  }

  private CompletableFuture<Outcome> bounded(CompletableFuture<Outcome> f) {
    return f.orTimeout(timeoutNanos, TimeUnit.NANOSECONDS);
  }

  private static ByteSequence bytes(String key) {
    return ByteSequence.from(key, StandardCharsets.UTF_8);
  }

  private ByteSequence value(byte[] value) {
    WrappedValue cached = lastValue;
    if (cached.raw() != value) {
      cached = new WrappedValue(value, ByteSequence.from(value));
      lastValue = cached;
    }
    return cached.sequence();
  }

  @Override
  public void close() {
    client.close();
  }
}
