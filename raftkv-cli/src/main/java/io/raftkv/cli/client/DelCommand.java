package io.raftkv.cli.client;

import io.raftkv.api.Precondition;
import io.raftkv.api.WriteResponse;
import io.raftkv.client.RaftKvClient;
import java.io.PrintWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code raftkv del KEY [--if-match REV]}: a missing key or a failed condition exits 1. */
@Command(name = "del", description = "Delete a key.")
public final class DelCommand extends ClientCommand {

  @Parameters(index = "0", paramLabel = "KEY", description = "The key.")
  String key;

  @Option(names = "--if-match", paramLabel = "REV",
      description = "Delete only if the key's modRevision is REV (exit 1 otherwise).")
  Long ifMatch;

  @Override
  protected int run(RaftKvClient client, PrintWriter out) {
    WriteResponse result = client.delete(key, ifMatch == null ? Precondition.none() : Precondition.ifMatch(ifMatch));
    out.println("OK revision=" + result.revision());
    return ExitCodes.OK;
  }
}
