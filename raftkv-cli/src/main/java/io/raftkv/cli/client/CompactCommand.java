package io.raftkv.cli.client;

import io.raftkv.api.CompactResult;
import io.raftkv.client.RaftKvClient;
import java.io.PrintWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code raftkv compact R}: forgets the history below revision R on every node. */
@Command(name = "compact", description = "Compact the revision history below a revision.")
public final class CompactCommand extends ClientCommand {

  @Parameters(index = "0", paramLabel = "R", description = "Keep revisions R and later (>= 1).")
  long revision;

  @Override
  protected int run(RaftKvClient client, PrintWriter out) {
    if (revision < 1) {
      throw new UsageException("R must be >= 1");
    }
    CompactResult result = client.compact(revision);
    out.println("OK compactRevision=" + result.compactRevision() + " revision=" + result.revision());
    return ExitCodes.OK;
  }
}
