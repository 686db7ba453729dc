package io.raftkv.cli.client;

import io.raftkv.api.ClusterStatus;
import io.raftkv.client.RaftKvClient;
import io.raftkv.client.http.Endpoint;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import picocli.CommandLine.Command;

/**
 * {@code raftkv status}: asks every endpoint for its view of the cluster and prints one row per member:
 * member id, role, its own currentTerm / commitIndex / lastApplied (from its own answer), the leader's
 * matchIndex/nextIndex for it (Raft §5.3), and '*' on the leader. Endpoints that did not answer are listed
 * below the table. Exits 3 when no endpoint answered.
 */
@Command(name = "status", description = "Show the cluster's members and progress.")
public final class StatusCommand extends ClientCommand {

  @Override
  protected int run(RaftKvClient client, PrintWriter out) {
    Map<Endpoint, CompletableFuture<ClusterStatus>> futures = client.clusterStatusOfEachAsync();
    Map<Endpoint, ClusterStatus> answers = new LinkedHashMap<>();
    Map<Endpoint, String> failures = new LinkedHashMap<>();
    futures.forEach((endpoint, future) -> {
      try {
        answers.put(endpoint, future.join());
      } catch (CompletionException e) {
        Throwable cause = e.getCause() == null ? e : e.getCause();
        failures.put(endpoint, String.valueOf(cause.getMessage()));
      }
    });
    if (answers.isEmpty()) {
      return fail(ExitCodes.UNAVAILABLE, "no endpoint answered: " + failures);
    }
    ClusterStatus view = authoritativeView(answers.values());
    out.println("cluster " + orDash(view.clusterId()) + "  leader " + view.leader().orElse("none")
        + "  term " + view.term());
    List<String[]> rows = new ArrayList<>();
    rows.add(new String[] {"MEMBER", "ADDRESS", "ROLE", "TERM", "COMMIT", "APPLIED", "MATCH/NEXT", "LEADER"});
    for (ClusterStatus.Member member : view.members()) {
      Optional<Map.Entry<Endpoint, ClusterStatus>> ownEntry = answers.entrySet().stream()
          .filter(a -> a.getValue().nodeId().equals(member.id())).findFirst();
      Optional<ClusterStatus> own = ownEntry.map(Map.Entry::getValue);
      // A node may know only its own client URL; the endpoint that answered as this member is its address.
      String address = !member.clientUrl().isEmpty() ? member.clientUrl()
          : ownEntry.map(e -> e.getKey().toString()).orElse("");
      String progress = member.knownMatchIndex().isPresent() || member.knownNextIndex().isPresent()
          ? orDash(member.knownMatchIndex()) + "/" + orDash(member.knownNextIndex())
          : "-";
      rows.add(new String[] {member.id(), orDash(address), orDash(member.role()),
          own.map(a -> String.valueOf(a.term())).orElse("-"),
          own.map(a -> String.valueOf(a.commitIndex())).orElse("-"),
          own.map(a -> String.valueOf(a.appliedIndex())).orElse("-"),
          progress, view.leader().filter(member.id()::equals).isPresent() ? "*" : ""});
    }
    printTable(out, rows);
    failures.forEach((endpoint, message) -> out.println(endpoint + ": unreachable (" + message + ")"));
    return ExitCodes.OK;
  }

  /** The leader's own answer in the highest term if any (it alone knows progress), else the highest term. */
  private static ClusterStatus authoritativeView(Iterable<ClusterStatus> answers) {
    List<ClusterStatus> all = new ArrayList<>();
    answers.forEach(all::add);
    Comparator<ClusterStatus> byTerm = Comparator.comparingLong(ClusterStatus::term);
    Optional<ClusterStatus> leaderAnswer = all.stream().filter(ClusterStatus::answeredByLeader).max(byTerm);
    return leaderAnswer.orElseGet(() -> all.stream().max(byTerm).orElseThrow());
  }

  private static void printTable(PrintWriter out, List<String[]> rows) {
    int[] widths = new int[rows.get(0).length];
    for (String[] row : rows) {
      for (int i = 0; i < row.length; i++) {
        widths[i] = Math.max(widths[i], row[i].length());
      }
    }
    for (String[] row : rows) {
      StringBuilder line = new StringBuilder();
      for (int i = 0; i < row.length; i++) {
        line.append(row[i]).append(" ".repeat(widths[i] - row[i].length() + 2));
      }
      out.println(line.toString().stripTrailing());
    }
  }

  private static String orDash(OptionalLong index) {
    return index.isPresent() ? String.valueOf(index.getAsLong()) : "-";
  }

  private static String orDash(String s) {
    return s == null || s.isEmpty() ? "-" : s;
  }
}
