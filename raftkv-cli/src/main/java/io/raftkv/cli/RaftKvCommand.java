package io.raftkv.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code raftkv} command: runs a node ({@code server}), a local cluster ({@code local}), the client
 * commands, and the load tool ({@code bench}).
 *
 * <p>Exit codes: 0 success; 1 the server answered with an error (e.g. key not found, precondition
 * failed); 2 bad usage; 3 no node reachable or the outcome of a write is unknown.
 */
@Command(
    name = "raftkv",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = "RaftKV: a replicated, strongly consistent key-value store built on Raft.",
    subcommands = {ServerCommand.class, LocalCommand.class})
public final class RaftKvCommand implements Runnable {

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "missing command");
  }

  /** Builds the command line with every subcommand registered. */
  public static CommandLine commandLine() {
    CommandLine cli = new CommandLine(new RaftKvCommand());
    Subcommands.register(cli);
    return cli;
  }

  public static void main(String[] args) {
    int code = commandLine().execute(args);
    if (code != 0 || !isLongRunning(args)) {
      System.exit(code);
    }
  }

  private static boolean isLongRunning(String[] args) {
    return args.length > 0 && (args[0].equals("server") || args[0].equals("local"));
  }
}
