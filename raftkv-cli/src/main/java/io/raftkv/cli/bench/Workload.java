package io.raftkv.cli.bench;

import java.util.Locale;

/** The operation mix of a run. */
public enum Workload {
  /** Only puts. */
  PUT,
  /** Only gets (linearizable unless --serializable). */
  GET,
  /** Gets with probability --read-ratio, else puts. */
  MIXED,
  /** Compare-and-set transactions. */
  TXN;

  /** Whether keys are written before the measured run, so reads and CAS find them. */
  boolean needsPreload() {
    return this != PUT;
  }

  @Override
  public String toString() {
    return name().toLowerCase(Locale.ROOT);
  }
}
