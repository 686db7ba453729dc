package io.raftkv.cli.member;

import io.raftkv.cli.client.ClientOptions;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code raftkv leader transfer [ID]}: {@code POST /v1/leader/transfer}; exit codes as {@link MemberCommand}. */
@Command(name = "leader", description = "Leadership operations.", mixinStandardHelpOptions = true,
    subcommands = LeaderCommand.Transfer.class)
public final class LeaderCommand implements Runnable {

  @Spec
  CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "missing subcommand: transfer");
  }

  @Command(name = "transfer", description = "Hand leadership to ID (default: the most caught-up voter); "
      + "returns once the new leader is in place.")
  static final class Transfer implements Callable<Integer> {
    @Mixin
    ClientOptions clientOptions;

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", arity = "0..1", paramLabel = "ID")
    String to;

    @Override
    public Integer call() throws InterruptedException {
      MembersHttp http = new MembersHttp(clientOptions.endpoints(), clientOptions.timeout());
      String body = to == null ? null : io.raftkv.api.ApiJson.MAPPER.createObjectNode().put("to", to).toString();
      return MemberCommand.report(http.send("POST", "/v1/leader/transfer", body, null), spec);
    }
  }
}
