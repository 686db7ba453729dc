package io.raftkv.cli.snapshot;

import io.raftkv.cli.client.ExitCodes;
import io.raftkv.kv.server.Backups;
import java.io.PrintWriter;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code raftkv snapshot status FILE}: verifies a backup completely and prints what it holds. */
@Command(name = "status", description = "Verify a backup file and print its index, term, keys, size and hash.")
final class StatusCommand extends BackupCommand {

  @Parameters(index = "0", paramLabel = "FILE", description = "The backup file.")
  Path file;

  @Override
  int run(PrintWriter out) throws Exception {
    print(out, Backups.verify(file));
    return ExitCodes.OK;
  }
}
