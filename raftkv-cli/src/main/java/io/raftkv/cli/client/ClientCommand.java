package io.raftkv.cli.client;

import io.raftkv.client.BadRequestException;
import io.raftkv.client.OutcomeUnknownException;
import io.raftkv.client.RaftKvClient;
import io.raftkv.client.RaftKvException;
import io.raftkv.client.UnavailableException;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * Base of the client commands: builds a {@link RaftKvClient} from {@link ClientOptions}, runs the command
 * and turns every failure into one line on stderr and an exit code from {@link ExitCodes}. Output goes to
 * the CommandLine's writers, so tests (and the root command) can capture it.
 */
public abstract class ClientCommand implements Callable<Integer> {

  @Mixin
  protected ClientOptions clientOptions;

  @Spec
  protected CommandSpec spec;

  @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help message and exit.")
  boolean help;

  /** Runs the command; returns an exit code. Exceptions are mapped by {@link #call()}. */
  protected abstract int run(RaftKvClient client, PrintWriter out) throws Exception;

  @Override
  public final Integer call() {
    try (RaftKvClient client = clientOptions.newClient()) {
      int code = run(client, spec.commandLine().getOut());
      spec.commandLine().getOut().flush();
      return code;
    } catch (UsageException | IllegalArgumentException e) {
      return fail(ExitCodes.USAGE, e.getMessage());
    } catch (BadRequestException e) {
      return fail(ExitCodes.REJECTED, e.getMessage());
    } catch (UnavailableException | OutcomeUnknownException e) {
      return fail(ExitCodes.UNAVAILABLE, e.getMessage());
    } catch (RaftKvException e) {
      return fail(e.status() == 0 ? ExitCodes.UNAVAILABLE : ExitCodes.REJECTED, e.getMessage());
    } catch (Exception e) {
      return fail(ExitCodes.UNAVAILABLE, e.toString());
    }
  }

  /** Prints "raftkv NAME: message" as one line on stderr and returns {@code code}. */
  protected int fail(int code, String message) {
    PrintWriter err = spec.commandLine().getErr();
    String oneLine = String.valueOf(message).replace('\r', ' ').replace('\n', ' ');
    err.println(spec.qualifiedName() + ": " + oneLine);
    err.flush();
    return code;
  }

  /** Bad input found by the command itself (exit code 2). */
  public static final class UsageException extends RuntimeException {
    public UsageException(String message) {
      super(message);
    }
  }
}
