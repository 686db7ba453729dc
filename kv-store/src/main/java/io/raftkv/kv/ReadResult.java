package io.raftkv.kv;

/** The answer to a {@link KvQuery}: a {@link GetResult} or a {@link RangeResult}. */
public sealed interface ReadResult permits GetResult, RangeResult {

  /** The store's revision when the read was served. */
  long revision();
}
