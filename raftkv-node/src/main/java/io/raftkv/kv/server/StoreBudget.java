package io.raftkv.kv.server;

/**
 * How much heap the store may take, in the store's own estimate ({@link io.raftkv.kv.KvStateMachine#storeBytes}):
 * the history is compacted past the retention once it outgrows {@code maxHistoryBytes}
 * ({@code --max-history-bytes}), and writes that add data are refused with 507 {@code no_space} while the
 * whole state is over {@code quotaBytes} ({@code --quota-bytes}, etcd's {@code --quota-backend-bytes}).
 * The history is in the heap, so without these a fast writer of large values fills the heap within the
 * retention time. 0 = no bound.
 */
public record StoreBudget(long maxHistoryBytes, long quotaBytes) {

  /** Share of the heap ({@code -Xmx}) the history may take by default. */
  public static final int HISTORY_HEAP_DIVISOR = 8;
  /** Share of the heap the whole state (live data and history) may take by default. */
  public static final int QUOTA_HEAP_DIVISOR = 2;

  public StoreBudget {
    if (maxHistoryBytes < 0 || quotaBytes < 0) {
      throw new IllegalArgumentException("--max-history-bytes and --quota-bytes must be >= 0");
    }
  }

  /** The defaults for a heap of {@code maxHeapBytes}: an eighth for history, half for the whole state. */
  public static StoreBudget forHeap(long maxHeapBytes) {
    return new StoreBudget(maxHeapBytes / HISTORY_HEAP_DIVISOR, maxHeapBytes / QUOTA_HEAP_DIVISOR);
  }

  /** The defaults for this JVM's heap. */
  public static StoreBudget forThisHeap() {
    return forHeap(Runtime.getRuntime().maxMemory());
  }
}
