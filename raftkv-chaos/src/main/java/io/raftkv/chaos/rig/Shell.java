package io.raftkv.chaos.rig;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs short-lived host commands (ip, iptables, kill) and captures their output.
 *
 * <p>Owns nothing but the child it starts: every call waits for its child or kills it when the
 * timeout expires, so no helper process outlives a call.
 */
public final class Shell {

  /** The outcome of one finished command. */
  public record Result(List<String> command, int exitCode, String stdout, String stderr) {
    public boolean ok() {
      return exitCode == 0;
    }

    /** Throws with the command's own stderr when it failed. */
    public Result orThrow() {
      if (exitCode != 0) {
        throw new IllegalStateException(
            "command failed (exit " + exitCode + "): " + String.join(" ", command) + "\n" + stderr.strip());
      }
      return this;
    }
  }

  private static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

  private Shell() {}

  /** Runs {@code command}; a non-zero exit is returned, not thrown. */
  public static Result run(List<String> command) {
    return run(command, DEFAULT_TIMEOUT);
  }

  public static Result run(String... command) {
    return run(List.of(command));
  }

  /** Runs {@code command} and throws unless it exits 0. */
  public static Result check(String... command) {
    return run(List.of(command)).orThrow();
  }

  public static Result run(List<String> command, Duration timeout) {
    ProcessBuilder pb = new ProcessBuilder(command);
    Process p;
    try {
      p = pb.start();
    } catch (IOException e) {
      return new Result(command, 127, "", "cannot start " + command.get(0) + ": " + e.getMessage());
    }
    try {
      p.getOutputStream().close();
      // Drain both pipes on helper threads so a chatty command cannot block on a full pipe and
      // the timeout below still applies to a command that never closes its output.
      ByteArrayOutputStream err = new ByteArrayOutputStream();
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      Thread errPump = daemon(() -> pump(p.getErrorStream(), err));
      Thread outPump = daemon(() -> pump(p.getInputStream(), out));
      if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        p.destroyForcibly();
        p.waitFor();
        return new Result(command, 124, out.toString(StandardCharsets.UTF_8), "timed out after " + timeout);
      }
      outPump.join(timeout.toMillis());
      errPump.join(timeout.toMillis());
      return new Result(command, p.exitValue(), out.toString(StandardCharsets.UTF_8),
          err.toString(StandardCharsets.UTF_8));
    } catch (IOException e) {
      p.destroyForcibly();
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      p.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while running " + command, e);
    }
  }

  private static Thread daemon(Runnable r) {
    Thread t = new Thread(r, "shell-pump");
    t.setDaemon(true);
    t.start();
    return t;
  }

  private static void pump(InputStream in, ByteArrayOutputStream sink) {
    try (in) {
      in.transferTo(sink);
    } catch (IOException ignored) {
      // The child was killed; whatever was read so far is all there is.
    }
  }
}
