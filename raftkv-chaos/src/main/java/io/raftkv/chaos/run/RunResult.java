package io.raftkv.chaos.run;

import io.raftkv.chaos.check.WatchCheckResult;
import java.nio.file.Path;
import java.util.List;

/**
 * Everything one run found: the report row plus the evidence behind it.
 *
 * @param config what ran
 * @param stats outcome counts, availability, latency, longest write outage
 * @param linearizable the checker's verdict: LINEARIZABLE, NOT_LINEARIZABLE or UNKNOWN (budget)
 * @param checkerDetail the checker's explanation when not linearizable
 * @param lostWrites acknowledged writes missing on some node after heal (per node, described)
 * @param divergence non-empty when nodes did not converge on the same applied state
 * @param leaderBackMillis time from heal until a majority agreed on a leader, -1 if never
 * @param injections faults injected
 * @param membershipChanges membership changes (add, promote, remove, leader transfer) the nemesis
 *     completed
 * @param finalMembers the members the end-of-run checks read, as {@code GET /v1/members} listed them
 * @param problems anything else that went wrong (setup failed, a node did not come back, ...)
 * @param watch the watch checker's findings ({@link WatchCheckResult#notRun()} without watchers)
 * @param historyFile where the full history was written (JSON)
 */
public record RunResult(RunConfig config, HistoryStats stats, String linearizable, String checkerDetail,
    List<String> lostWrites, String divergence, long leaderBackMillis, long injections, long membershipChanges, List<String> finalMembers, List<String> problems,
    WatchCheckResult watch, Path historyFile) {

  /** True when the run found nothing wrong with the system. */
  public boolean clean() {
    return "LINEARIZABLE".equals(linearizable) && lostWrites.isEmpty() && divergence.isEmpty()
        && leaderBackMillis >= 0 && leaderBackMillis <= 5000 && problems.isEmpty() && watch.violations().isEmpty();
  }

  /** One-paragraph description of what is wrong, for assertion messages. */
  public String explain() {
    StringBuilder b = new StringBuilder(config.label()).append(": ");
    b.append("linearizable=").append(linearizable);
    if (!checkerDetail.isEmpty()) {
      b.append("\n  checker: ").append(checkerDetail);
    }
    if (!lostWrites.isEmpty()) {
      b.append("\n  lost: ").append(lostWrites.subList(0, Math.min(10, lostWrites.size())));
    }
    if (!divergence.isEmpty()) {
      b.append("\n  divergence: ").append(divergence);
    }
    b.append("\n  leader back after ").append(leaderBackMillis).append(" ms");
    b.append("\n  membership changes ").append(membershipChanges).append(", final members ").append(finalMembers);
    problems.forEach(p -> b.append("\n  problem: ").append(p));
    watch.violations().stream().limit(20).forEach(v -> b.append("\n  watch: ").append(v));
    b.append("\n  history: ").append(historyFile);
    return b.toString();
  }
}
