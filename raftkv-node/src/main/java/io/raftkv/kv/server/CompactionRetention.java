package io.raftkv.kv.server;

import java.time.Duration;

/**
 * How much revision history a node keeps ({@code --auto-compaction-retention-revisions} and
 * {@code --auto-compaction-retention-minutes}): the leader compacts only history that is both more than
 * {@code revisions} revisions old and older than {@code age}, so at least both are kept. A zero bound does
 * not hold anything back; both zero turns automatic compaction off.
 */
public record CompactionRetention(long revisions, Duration age) {

  /** 10,000 revisions and 5 minutes. */
  public static final CompactionRetention DEFAULT = new CompactionRetention(10_000, Duration.ofMinutes(5));

  public CompactionRetention {
    if (revisions < 0 || age.isNegative()) {
      throw new IllegalArgumentException("compaction retention must be >= 0: " + revisions + " revisions, " + age);
    }
  }

  public boolean enabled() {
    return revisions > 0 || !age.isZero();
  }
}
