package io.raftkv.cli.client;

import io.raftkv.api.DeleteRangeResult;
import io.raftkv.api.KeyRange;
import io.raftkv.api.Precondition;
import io.raftkv.api.WriteResponse;
import io.raftkv.client.RaftKvClient;
import java.io.PrintWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code raftkv del KEY [--if-match REV]} or {@code raftkv del --prefix P}: a missing key or a failed
 * condition exits 1; a prefix delete removes every key under P in one revision and prints how many.
 */
@Command(name = "del", description = "Delete a key, or every key with a prefix.")
public final class DelCommand extends ClientCommand {

  @Parameters(index = "0", arity = "0..1", paramLabel = "KEY", description = "The key.")
  String key;

  @Option(names = "--prefix", paramLabel = "P", description = "Delete every key starting with P (one revision).")
  String prefix;

  @Option(names = "--if-match", paramLabel = "REV",
      description = "Delete only if the key's modRevision is REV (exit 1 otherwise).")
  Long ifMatch;

  @Override
  protected int run(RaftKvClient client, PrintWriter out) {
    if ((key == null) == (prefix == null)) {
      throw new UsageException("give KEY or --prefix P");
    }
    if (prefix != null) {
      if (ifMatch != null) {
        throw new UsageException("--if-match applies to one key");
      }
      DeleteRangeResult deleted = client.deleteRange(KeyRange.prefix(prefix));
      out.println("OK revision=" + deleted.revision() + " deleted=" + deleted.deleted());
      return ExitCodes.OK;
    }
    WriteResponse result = client.delete(key, ifMatch == null ? Precondition.none() : Precondition.ifMatch(ifMatch));
    out.println("OK revision=" + result.revision());
    return ExitCodes.OK;
  }
}
