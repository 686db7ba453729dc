package io.raftkv.chaos.check;

import java.time.Duration;
import java.util.Objects;

/**
 * Search budget and report sizing.
 *
 * @param partitionTimeLimit wall-clock limit for the search of one partition
 * @param totalTimeLimit wall-clock limit for the whole check; partitions not finished by then
 *     are UNKNOWN
 * @param maxStatesPerPartition cap on memoized (linearized set, state) pairs for one partition;
 *     bounds memory the way the time limits bound time
 * @param reportPrefixTail how many operations at the end of the longest linearizable prefix a
 *     violation report lists
 */
public record CheckOptions(
    Duration partitionTimeLimit,
    Duration totalTimeLimit,
    long maxStatesPerPartition,
    int reportPrefixTail) {

  public CheckOptions {
    Objects.requireNonNull(partitionTimeLimit, "partitionTimeLimit");
    Objects.requireNonNull(totalTimeLimit, "totalTimeLimit");
    if (partitionTimeLimit.isNegative() || partitionTimeLimit.isZero()
        || totalTimeLimit.isNegative() || totalTimeLimit.isZero()) {
      throw new IllegalArgumentException("time limits must be positive");
    }
    if (maxStatesPerPartition < 1) {
      throw new IllegalArgumentException("maxStatesPerPartition must be >= 1");
    }
    if (reportPrefixTail < 0) {
      throw new IllegalArgumentException("reportPrefixTail must be >= 0");
    }
  }

  /** 60 s per partition, 5 min in total, 20 million states per partition, 10-op report tail. */
  public static CheckOptions defaults() {
    return new CheckOptions(Duration.ofSeconds(60), Duration.ofMinutes(5), 20_000_000L, 10);
  }

  public CheckOptions withPartitionTimeLimit(Duration limit) {
    return new CheckOptions(limit, totalTimeLimit, maxStatesPerPartition, reportPrefixTail);
  }

  public CheckOptions withTotalTimeLimit(Duration limit) {
    return new CheckOptions(partitionTimeLimit, limit, maxStatesPerPartition, reportPrefixTail);
  }

  public CheckOptions withMaxStatesPerPartition(long max) {
    return new CheckOptions(partitionTimeLimit, totalTimeLimit, max, reportPrefixTail);
  }
}
