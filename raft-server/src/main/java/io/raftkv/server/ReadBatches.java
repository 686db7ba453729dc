package io.raftkv.server;

import io.raftkv.raft.ReadState;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.LongConsumer;

/**
 * The event loop's linearizable reads between arrival and confirmation (read batching): every read that
 * arrives during one pass of the loop shares one ReadIndex round. Owns the waiting futures; used only on
 * the event-loop thread. Invariant: a future is in at most one place (this pass, or one batch), and
 * leaves only by being handed to the applier or completed exceptionally.
 */
final class ReadBatches {

  /** Reads waiting for their ReadIndex round, with the tick they were issued at. */
  private record Batch(long issuedAtTick, List<CompletableFuture<Long>> waiters) {}

  private final Map<Long, Batch> batches = new HashMap<>();
  private final List<CompletableFuture<Long>> thisPass = new ArrayList<>();
  private long nextBatchId = 1;

  void add(CompletableFuture<Long> read) {
    thisPass.add(read);
  }

  /** Starts one ReadIndex round (through {@code readIndex}, given the batch id) for this pass's reads. */
  void flush(long tick, LongConsumer readIndex) {
    if (thisPass.isEmpty()) {
      return;
    }
    long batchId = nextBatchId++;
    batches.put(batchId, new Batch(tick, new ArrayList<>(thisPass)));
    thisPass.clear();
    readIndex.accept(batchId);
  }

  /** Hands each confirmed batch to the applier, which completes it once applied up to its index. */
  void confirmed(List<ReadState> readStates, Applier applier) {
    for (ReadState rs : readStates) {
      Batch b = batches.remove(rs.requestId());
      if (b != null) {
        applier.read(rs.index(), b.waiters());
      }
    }
  }

  /** Fails batches older than {@code limitTicks}: their round was lost (the caller may retry). */
  void expire(long tick, long limitTicks) {
    Iterator<Batch> it = batches.values().iterator();
    while (it.hasNext()) {
      Batch b = it.next();
      if (tick - b.issuedAtTick() > limitTicks) {
        it.remove();
        b.waiters().forEach(w -> w.completeExceptionally(new ReadNotConfirmedException()));
      }
    }
  }

  void failAll() {
    batches.values().forEach(b -> b.waiters().forEach(w -> w.completeExceptionally(new ReadNotConfirmedException())));
    batches.clear();
  }
}
