package io.raftkv.cli;

import io.raftkv.cli.client.ClientCommands;
import picocli.CommandLine;

/** Registers the client commands and {@code bench}, which live in their own packages. */
final class Subcommands {
  private Subcommands() {}

  static void register(CommandLine cli) {
    for (Class<?> c : ClientCommands.all()) {
      cli.addSubcommand(c);
    }
    cli.setParameterExceptionHandler(ClientCommands.ONE_LINE_USAGE_ERRORS);
  }
}
