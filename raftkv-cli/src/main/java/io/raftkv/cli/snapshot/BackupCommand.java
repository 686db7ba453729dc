package io.raftkv.cli.snapshot;

import io.raftkv.cli.client.ExitCodes;
import io.raftkv.kv.server.BackupException;
import io.raftkv.kv.server.Backups;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Base of the snapshot subcommands: failures become one line on stderr and an exit code. */
abstract class BackupCommand implements Callable<Integer> {

  @Spec
  CommandSpec spec;

  @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help message and exit.")
  boolean help;

  abstract int run(PrintWriter out) throws Exception;

  @Override
  public final Integer call() {
    try {
      int code = run(spec.commandLine().getOut());
      spec.commandLine().getOut().flush();
      return code;
    } catch (BackupException e) {
      return fail(ExitCodes.REJECTED, e.getMessage());
    } catch (java.nio.file.NoSuchFileException e) {
      return fail(ExitCodes.USAGE, "no such file: " + e.getMessage());
    } catch (IllegalArgumentException e) {
      return fail(ExitCodes.USAGE, e.getMessage());
    } catch (Exception e) {
      return fail(ExitCodes.UNAVAILABLE, e.toString());
    }
  }

  int fail(int code, String message) {
    PrintWriter err = spec.commandLine().getErr();
    err.println(spec.qualifiedName() + ": " + String.valueOf(message).replace('\n', ' '));
    err.flush();
    return code;
  }

  static void print(PrintWriter out, Backups.Info info) {
    out.println("index: " + info.index());
    out.println("term: " + info.term());
    out.println("cluster: " + info.clusterId());
    out.println("voters: " + String.join(",", info.voters()));
    out.println("learners: " + String.join(",", info.learners()));
    out.println("keys: " + info.keys());
    out.println("revision: " + info.revision());
    out.println("size: " + info.fileBytes());
    out.println("sha256: " + info.sha256());
    out.println("hash: ok");
  }
}
