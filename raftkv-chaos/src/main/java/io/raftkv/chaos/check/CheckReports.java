package io.raftkv.chaos.check;

import io.raftkv.chaos.history.History;
import io.raftkv.chaos.history.HistoryJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes the artifacts of a check to a directory: {@code history.json} (the full history, loadable
 * with {@link HistoryJson#read}) and {@code check.txt} (the rendered result, with every partition
 * summarized and every violation in full). Call it for every failing or unknown run so the
 * anomaly can be re-checked offline.
 */
public final class CheckReports {

  private CheckReports() {}

  /** The files written by {@link #write}. */
  public record Written(Path history, Path report) {}

  public static Written write(Path dir, History history, CheckResult result) {
    Path historyFile = dir.resolve("history.json");
    Path reportFile = dir.resolve("check.txt");
    HistoryJson.write(historyFile, history);
    try {
      Files.writeString(reportFile, result.render(history.originNanos(), true));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write check report to " + reportFile, e);
    }
    return new Written(historyFile, reportFile);
  }
}
