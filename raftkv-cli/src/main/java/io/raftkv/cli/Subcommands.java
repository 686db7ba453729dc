package io.raftkv.cli;

import picocli.CommandLine;

/** Registers the client and bench subcommands, which live in their own packages. */
final class Subcommands {
  private Subcommands() {}

  static void register(CommandLine cli) {
    // Client commands and bench are registered here as they land (see io.raftkv.cli.client / .bench).
  }
}
