package io.raftkv.chaos.rig;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;

/**
 * One OS process running inside a lab host's namespace, with output appended to a log file.
 *
 * <p>{@code ip netns exec} switches namespace and then execs the command in place, so the pid
 * of the started {@link Process} is the pid of the program itself: SIGKILL, SIGSTOP and SIGCONT
 * reach it directly. Invariant: {@link #pause()} and {@link #resume()} alternate; a paused process
 * is resumed before it is killed so that no stopped process is ever left behind.
 */
public final class LabProcess {

  private final LabHost host;
  private final List<String> command;
  private final Path log;
  private volatile Process process;
  private volatile boolean paused;

  private LabProcess(LabHost host, List<String> command, Path log) {
    this.host = host;
    this.command = List.copyOf(command);
    this.log = log;
  }

  /** Starts {@code command} inside {@code host}'s namespace, appending stdout and stderr to {@code log}. */
  public static LabProcess start(LabHost host, List<String> command, Path log) {
    LabProcess p = new LabProcess(host, command, log);
    p.spawn();
    return p;
  }

  private void spawn() {
    try {
      Files.createDirectories(log.toAbsolutePath().getParent());
      ProcessBuilder pb = new ProcessBuilder(host.exec(command))
          .redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
          .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
      process = pb.start();
      paused = false;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + command + " in " + host.namespace(), e);
    }
  }

  public LabHost host() {
    return host;
  }

  public long pid() {
    return process.pid();
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  public boolean isPaused() {
    return paused;
  }

  public Path log() {
    return log;
  }

  /** SIGKILL, then waits until the kernel has reaped the process. */
  public void kill() {
    Process p = process;
    if (paused) {
      resume();
    }
    p.destroyForcibly();
    try {
      if (!p.waitFor(10, TimeUnit.SECONDS)) {
        throw new IllegalStateException("process " + p.pid() + " survived SIGKILL for 10 s");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Starts the same command again (same data directory, same address); the old one must be dead. */
  public void restart() {
    if (process.isAlive()) {
      throw new IllegalStateException("restart of a live process " + process.pid() + "; kill it first");
    }
    spawn();
  }

  /**
   * SIGSTOP: the process keeps its sockets but runs no code, like a long GC pause. Returns once
   * every thread has stopped: the kernel delivers the signal asynchronously, each thread stopping
   * the next time it is scheduled, so on a busy machine a thread can still run for a while after
   * kill(1) returns, and a fault that is "on" must not let the node answer.
   */
  public void pause() {
    signal("STOP");
    paused = true;
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!allThreadsStopped()) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("process " + pid() + " did not stop within 10 s of SIGSTOP");
      }
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
    }
  }

  /** SIGCONT. */
  public void resume() {
    signal("CONT");
    paused = false;
  }

  /** Graceful stop (SIGTERM), then SIGKILL if it does not exit within {@code grace}. */
  public void stop(Duration grace) {
    Process p = process;
    if (!p.isAlive()) {
      return;
    }
    if (paused) {
      resume();
    }
    p.destroy();
    try {
      if (!p.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
        kill();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      kill();
    }
  }

  /** The process state letter from /proc (R, S, T for stopped, Z, ...), or "gone". */
  public String procState() {
    return stateIn(Path.of("/proc", Long.toString(pid()), "stat"));
  }

  /** True when every thread of the process is stopped (T) or gone. */
  private boolean allThreadsStopped() {
    Path tasks = Path.of("/proc", Long.toString(pid()), "task");
    try (Stream<Path> threads = Files.list(tasks)) {
      return threads.allMatch(t -> {
        String state = stateIn(t.resolve("stat"));
        return state.equals("T") || state.equals("gone");
      });
    } catch (IOException | UncheckedIOException e) {
      return true; // the process is gone: nothing of it runs
    }
  }

  private static String stateIn(Path stat) {
    try {
      String line = Files.readString(stat);
      // The command name in field 2 may hold spaces; the state follows the closing parenthesis.
      return line.substring(line.lastIndexOf(')') + 2, line.lastIndexOf(')') + 3);
    } catch (IOException e) {
      return "gone";
    }
  }

  private void signal(String sig) {
    Shell.run("kill", "-" + sig, Long.toString(process.pid())).orThrow();
  }
}
