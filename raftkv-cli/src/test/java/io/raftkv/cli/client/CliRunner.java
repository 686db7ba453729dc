package io.raftkv.cli.client;

import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * Runs client commands the way the {@code raftkv} root command will: registered from
 * {@link ClientCommands#all()}, with one-line usage errors, capturing stdout and stderr.
 */
public final class CliRunner {

  /** A stand-in root so the commands get their real qualified names ("raftkv put"). */
  @Command(name = "raftkv")
  static final class Root implements Runnable {
    @Override
    public void run() {
    }
  }

  /** Exit code and captured output of one run. */
  public record Result(int code, String out, String err) {
  }

  private CliRunner() {
  }

  public static Result run(String... args) {
    return runWithStdin("", args);
  }

  public static Result runWithStdin(String stdin, String... args) {
    CommandLine cli = new CommandLine(new Root());
    for (Class<?> command : ClientCommands.all()) {
      if (command == TxnCommand.class) {
        cli.addSubcommand(new TxnCommand(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8))));
      } else {
        cli.addSubcommand(command);
      }
    }
    cli.setParameterExceptionHandler(ClientCommands.ONE_LINE_USAGE_ERRORS);
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    int code = cli.execute(args);
    return new Result(code, out.toString(), err.toString());
  }
}
