package io.raftkv.storage;

/**
 * Timings a {@link DurableStorage} reports as they happen, for a metrics layer that wants each sample
 * (a histogram) rather than the running totals of {@link StorageMetrics}. Called on the storage's writer
 * thread, so an implementation must be cheap and must not call back into the storage.
 */
public interface StorageObserver {

  StorageObserver NONE = new StorageObserver() {};

  /** One WAL segment fsync took {@code nanos}. */
  default void walFsynced(long nanos) {}

  /** Writing one locally created snapshot ({@link DurableStorage#createSnapshot}) took {@code nanos}. */
  default void snapshotSaved(long nanos) {}
}
