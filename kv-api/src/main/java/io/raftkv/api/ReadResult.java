package io.raftkv.api;

/** The answer to a read of one key ({@link GetResult}) or of a prefix ({@link RangeResult}). */
public sealed interface ReadResult permits GetResult, RangeResult {

  /** The store's revision when the read was served. */
  long revision();
}
