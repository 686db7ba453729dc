package io.raftkv.cli.client;

import io.raftkv.cli.bench.BenchCommand;
import java.io.PrintWriter;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;

/**
 * Registration point for the root {@code raftkv} command: the client subcommands and the load tool.
 *
 * <pre>{@code
 * CommandLine cli = new CommandLine(new RaftKvCommand());
 * ClientCommands.all().forEach(cli::addSubcommand);
 * cli.setParameterExceptionHandler(ClientCommands.ONE_LINE_USAGE_ERRORS);
 * }</pre>
 */
public final class ClientCommands {

  /**
   * Prints a usage error as one line on stderr ("raftkv put: Missing required parameter: 'VALUE' (see
   * 'raftkv put --help')") and exits with {@link ExitCodes#USAGE}, instead of picocli's multi-line default.
   */
  public static final IParameterExceptionHandler ONE_LINE_USAGE_ERRORS = (ParameterException e, String[] args) -> {
    CommandLine cmd = e.getCommandLine();
    PrintWriter err = cmd.getErr();
    String name = cmd.getCommandSpec().qualifiedName();
    err.println(name + ": " + String.valueOf(e.getMessage()).replace('\n', ' ') + " (see '" + name + " --help')");
    err.flush();
    return ExitCodes.USAGE;
  };

  private ClientCommands() {
  }

  /** Every client command class plus {@code bench}, each a picocli {@code @Command} with a no-arg constructor. */
  public static List<Class<?>> all() {
    return List.of(PutCommand.class, GetCommand.class, DelCommand.class, CasCommand.class, ListCommand.class,
        TxnCommand.class, StatusCommand.class, CompactCommand.class, WatchCommand.class, BenchCommand.class,
        io.raftkv.cli.snapshot.SnapshotCommand.class, io.raftkv.cli.member.MemberCommand.class,
        io.raftkv.cli.member.LeaderCommand.class);
  }
}
