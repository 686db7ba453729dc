package io.raftkv.raft.quorum;

import java.util.Arrays;
import java.util.Collections;
import java.util.Map;
import java.util.NavigableSet;
import java.util.Set;
import java.util.TreeSet;

/**
 * A set of voters deciding by simple majority (§5.2, §5.3).
 *
 * <p>Not thread-safe: {@link #committedIndex} reuses a scratch array to stay allocation-free on the
 * leader's hot path. Immutable membership. Invariant: {@code ids} is sorted, so iteration is
 * deterministic.
 */
public final class MajorityConfig {

  private final NavigableSet<String> ids;
  private final long[] scratch;

  public MajorityConfig(Set<String> ids) {
    this.ids = Collections.unmodifiableNavigableSet(new TreeSet<>(ids));
    this.scratch = new long[ids.size()];
  }

  public static MajorityConfig empty() {
    return new MajorityConfig(Set.of());
  }

  public NavigableSet<String> ids() {
    return ids;
  }

  public int size() {
    return ids.size();
  }

  public boolean contains(String id) {
    return ids.contains(id);
  }

  public boolean isEmpty() {
    return ids.isEmpty();
  }

  /**
   * The largest index acknowledged by a majority. An empty config returns {@link Long#MAX_VALUE}, so
   * that in a {@link JointConfig} an empty half never restricts the other.
   */
  public long committedIndex(AckedIndexer acked) {
    int n = ids.size();
    if (n == 0) {
      return Long.MAX_VALUE;
    }
    int i = 0;
    for (String id : ids) {
      scratch[i++] = acked.acked(id);
    }
    Arrays.sort(scratch, 0, n);
    // With the values sorted ascending, the one at n - (n/2 + 1) is held by a majority (n/2 + 1 voters).
    return scratch[n - (n / 2 + 1)];
  }

  /** Counts {@code votes} (true = granted; missing = not yet answered). An empty config wins. */
  public VoteResult voteResult(Map<String, Boolean> votes) {
    if (ids.isEmpty()) {
      return VoteResult.WON;
    }
    int granted = 0;
    int missing = 0;
    for (String id : ids) {
      Boolean v = votes.get(id);
      if (v == null) {
        missing++;
      } else if (v) {
        granted++;
      }
    }
    int q = ids.size() / 2 + 1;
    if (granted >= q) {
      return VoteResult.WON;
    }
    if (granted + missing >= q) {
      return VoteResult.PENDING;
    }
    return VoteResult.LOST;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof MajorityConfig m && m.ids.equals(ids);
  }

  @Override
  public int hashCode() {
    return ids.hashCode();
  }

  @Override
  public String toString() {
    return ids.toString();
  }
}
