package io.raftkv.cli.member;

import io.raftkv.api.ApiJson;
import io.raftkv.api.ErrorKind;
import io.raftkv.api.Members;
import io.raftkv.api.MembersJson;
import io.raftkv.cli.client.ClientOptions;
import io.raftkv.cli.client.ExitCodes;
import java.io.PrintWriter;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code raftkv member list|add|promote|remove}: the {@code /v1/members} API (docs/API.md, "Members").
 * Exit codes as the other client commands: 0 done, 1 refused by the server (404, 409, 412, 400), 2 usage,
 * 3 no endpoint answered or the outcome is unknown (503, 504).
 */
@Command(name = "member", description = "List, add, promote and remove cluster members.",
    mixinStandardHelpOptions = true,
    subcommands = {MemberCommand.List.class, MemberCommand.Add.class, MemberCommand.Promote.class,
        MemberCommand.Remove.class})
public final class MemberCommand implements Runnable {

  @Spec
  CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "missing subcommand: list, add, promote or remove");
  }

  /** Shared by the subcommands: endpoints, the request, printing the answer, the exit code. */
  abstract static class Base implements Callable<Integer> {
    @Mixin
    ClientOptions clientOptions;

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--if-match", paramLabel = "CONFIG_INDEX",
        description = "Only if the configuration is still at this configIndex (from 'member list').")
    Long ifMatch;

    abstract MembersHttp.Answer call(MembersHttp http) throws InterruptedException;

    @Override
    public Integer call() throws InterruptedException {
      MembersHttp.Answer a = call(new MembersHttp(clientOptions.endpoints(), clientOptions.timeout()));
      return report(a, spec);
    }

    static String enc(String id) {
      return URLEncoder.encode(id, StandardCharsets.UTF_8).replace("+", "%20");
    }
  }

  /** Prints the member table of a 200 answer, else one line on stderr; returns the exit code. */
  static int report(MembersHttp.Answer a, CommandLine.Model.CommandSpec spec) {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    int code;
    if (a.ok()) {
      JsonPrinter.print(out, a.body());
      code = ExitCodes.OK;
    } else {
      String message = a.status() == 0 ? a.body() : a.status() + " " + oneLine(a.body());
      err.println(spec.qualifiedName() + ": " + message);
      code = a.status() == 0 || a.status() >= 500 ? ExitCodes.UNAVAILABLE : ExitCodes.REJECTED;
    }
    out.flush();
    err.flush();
    return code;
  }

  private static String oneLine(String s) {
    return s.replace('\r', ' ').replace('\n', ' ');
  }

  @Command(name = "list", description = "Show every member with its role, addresses and progress.")
  static final class List extends Base {
    @Override
    MembersHttp.Answer call(MembersHttp http) throws InterruptedException {
      return http.send("GET", "/v1/members", null, null);
    }
  }

  @Command(name = "add", description = "Add a learner (with --auto-promote: a voter once caught up).")
  static final class Add extends Base {
    @Parameters(index = "0", paramLabel = "ID")
    String id;

    @Option(names = "--peer-address", required = true, paramLabel = "HOST:PORT", description = "Its Raft peer address.")
    String peerAddress;

    @Option(names = "--client-url", required = true, paramLabel = "URL", description = "Its client URL, http://HOST:PORT.")
    String clientUrl;

    @Option(names = "--auto-promote", description = "Promote it to voter as soon as it has caught up.")
    boolean autoPromote;

    @Override
    MembersHttp.Answer call(MembersHttp http) throws InterruptedException {
      String body = MembersJson.addRequestJson(new MembersJson.AddRequest(id, peerAddress, clientUrl)).toString();
      return http.send("POST", "/v1/members" + (autoPromote ? "?autoPromote=true" : ""), body, ifMatch);
    }
  }

  @Command(name = "promote", description = "Make a caught-up learner a voter.")
  static final class Promote extends Base {
    @Parameters(index = "0", paramLabel = "ID")
    String id;

    @Option(names = "--force", description = "Even if fewer reachable voters than a quorum would remain.")
    boolean force;

    @Override
    MembersHttp.Answer call(MembersHttp http) throws InterruptedException {
      return http.send("POST", "/v1/members/" + enc(id) + "/promote" + (force ? "?force=true" : ""), null, ifMatch);
    }
  }

  @Command(name = "remove", description = "Remove a member (a leader hands over leadership first).")
  static final class Remove extends Base {
    @Parameters(index = "0", paramLabel = "ID")
    String id;

    @Option(names = "--force", description = "Even if fewer reachable voters than a quorum would remain.")
    boolean force;

    @Override
    MembersHttp.Answer call(MembersHttp http) throws InterruptedException {
      return http.send("DELETE", "/v1/members/" + enc(id) + (force ? "?force=true" : ""), null, ifMatch);
    }
  }

  /** Renders a members answer as a table, anything else as it came. */
  static final class JsonPrinter {
    private JsonPrinter() {}

    static void print(PrintWriter out, String body) {
      Members m;
      try {
        m = MembersJson.readMembers(ApiJson.readTree(body.getBytes(StandardCharsets.UTF_8), ErrorKind.INTERNAL));
      } catch (IllegalArgumentException notMembers) {
        out.println(body);
        return;
      }
      out.println("configIndex " + m.configIndex() + "  leader " + (m.leaderId() == null ? "none" : m.leaderId()));
      out.printf("%-12s %-8s %-22s %-28s %-8s %s%n", "ID", "ROLE", "PEER", "CLIENT", "MATCH", "BEHIND");
      for (Members.Member x : m.members()) {
        out.printf("%-12s %-8s %-22s %-28s %-8s %s%n", x.id(), x.role(), dash(x.peerAddress()), dash(x.clientUrl()),
            x.matchIndex() < 0 ? "-" : x.matchIndex(), x.behind() < 0 ? "-" : x.behind());
      }
    }

    private static String dash(String s) {
      return s.isEmpty() ? "-" : s;
    }
  }
}
