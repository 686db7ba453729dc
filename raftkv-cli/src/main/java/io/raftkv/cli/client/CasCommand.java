package io.raftkv.cli.client;

import io.raftkv.api.Precondition;
import io.raftkv.api.WriteResponse;
import io.raftkv.client.PreconditionFailedException;
import io.raftkv.client.RaftKvClient;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code raftkv cas KEY EXPECTED_REV NEW_VALUE}: compare-and-set on modRevision. On a mismatch exits 1 and
 * names the key's current modRevision, so a script can re-read and retry.
 */
@Command(name = "cas",
    description = "Write KEY only if its modRevision is EXPECTED_REV.")
public final class CasCommand extends ClientCommand {

  @Parameters(index = "0", paramLabel = "KEY", description = "The key.")
  String key;

  @Parameters(index = "1", paramLabel = "EXPECTED_REV", description = "The modRevision the key must have.")
  long expectedRevision;

  @Parameters(index = "2", paramLabel = "NEW_VALUE", description = "The value to write (UTF-8).")
  String newValue;

  @Override
  protected int run(RaftKvClient client, PrintWriter out) {
    if (expectedRevision < 1) {
      throw new UsageException("EXPECTED_REV must be >= 1 (use 'put --create-only' to create a key)");
    }
    try {
      WriteResponse result = client.put(key, newValue.getBytes(StandardCharsets.UTF_8),
          Precondition.ifMatch(expectedRevision));
      out.println("OK revision=" + result.revision());
      return ExitCodes.OK;
    } catch (PreconditionFailedException e) {
      String current = e.currentModRevision().isPresent()
          ? "current modRevision is " + e.currentModRevision().getAsLong() : "key does not exist";
      return fail(ExitCodes.REJECTED, "compare failed for '" + key + "': expected modRevision "
          + expectedRevision + ", " + current);
    }
  }
}
