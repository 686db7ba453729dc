package io.raftkv.raft.tracker;

import io.raftkv.raft.quorum.VoteResult;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * The membership in force plus the leader's {@link Progress} of every member (etcd's
 * ProgressTracker).
 *
 * <p>Invariant: {@code progress.keySet()} equals {@code config.members()}; iteration is sorted so the
 * same inputs always produce messages in the same order.
 */
public final class ProgressTracker {

  private TrackerConfig config = TrackerConfig.empty();
  private NavigableMap<String, Progress> progress = new TreeMap<>();
  private final int maxInflight;

  public ProgressTracker(int maxInflight) {
    this.maxInflight = maxInflight;
  }

  public int maxInflight() {
    return maxInflight;
  }

  public TrackerConfig config() {
    return config;
  }

  public NavigableMap<String, Progress> progress() {
    return progress;
  }

  public Progress get(String id) {
    return progress.get(id);
  }

  /** Installs a new configuration and the matching progress map (from the ConfChanger or a restore). */
  public void apply(TrackerConfig cfg, NavigableMap<String, Progress> prs) {
    if (!prs.keySet().equals(cfg.members())) {
      throw new IllegalStateException("progress " + prs.keySet() + " does not match members " + cfg.members());
    }
    for (Map.Entry<String, Progress> e : prs.entrySet()) {
      e.getValue().setLearner(cfg.isLearner(e.getKey()));
    }
    this.config = cfg;
    this.progress = prs;
  }

  /** §5.3/§5.4: the highest index a quorum (both halves when joint) has durably replicated. */
  public long committed() {
    return config.voters().committedIndex(id -> {
      Progress p = progress.get(id);
      return p == null ? 0 : p.matchIndex();
    });
  }

  /** CheckQuorum: whether a quorum was heard from within the last election timeout. */
  public boolean quorumActive(String self) {
    TreeMap<String, Boolean> active = new TreeMap<>();
    for (Map.Entry<String, Progress> e : progress.entrySet()) {
      if (!e.getValue().isLearner()) {
        active.put(e.getKey(), e.getKey().equals(self) || e.getValue().recentActive());
      }
    }
    return config.voters().voteResult(active) == VoteResult.WON;
  }

  public boolean isSingleton() {
    return config.voters().incoming().size() == 1 && !config.isJoint();
  }
}
