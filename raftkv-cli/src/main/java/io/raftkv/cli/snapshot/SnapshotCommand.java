package io.raftkv.cli.snapshot;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code raftkv snapshot save|status|restore}: backups of a cluster's state (issue #11). Same exit codes
 * as the client commands: 0 done; 1 refused (the server answered with an error, or the file is corrupt);
 * 2 bad usage (missing or unusable file or directory); 3 no node reachable, or no quorum for a
 * linearizable backup.
 */
@Command(name = "snapshot", description = "Save, inspect and restore backups.",
    subcommands = {SaveCommand.class, StatusCommand.class, RestoreCommand.class})
public final class SnapshotCommand implements Runnable {

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @CommandLine.Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help message and exit.")
  boolean help;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "missing subcommand: save, status or restore");
  }
}
