package io.raftkv.cli.local;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One node process of {@code raftkv local}: its fixed command line, and the OS process currently running
 * it. The launcher's control API acts on it: kill (SIGKILL), restart (the same command line again),
 * pause/resume (SIGSTOP/SIGCONT of its pid).
 *
 * <p>Owns {@link #process}, {@link #paused} and {@link #isolated}; every method is synchronized, so a kill and a restart from
 * two dashboard tabs never interleave. Invariant: {@code paused} implies the process is alive and was sent
 * SIGSTOP; any new process starts unpaused (and, being a fresh JVM, with its isolation switch off).
 */
public final class NodeProcess {

  /** What the dashboard shows for a node's process. */
  public enum State { RUNNING, PAUSED, STOPPED }

  private final String id;
  private final List<String> command;
  private final Path log;
  private final int clientPort;
  private final int peerPort;
  private Process process;
  private boolean paused;
  /** What the launcher last set the node's isolation switch to (a new process starts with it off). */
  private boolean isolated;
  /** Set by {@link #kill}: the next exit was asked for, so the launcher does not report it as a crash. */
  private boolean exitExpected;

  public NodeProcess(String id, List<String> command, Path log, int clientPort, int peerPort) {
    this.id = id;
    this.command = List.copyOf(command);
    this.log = log;
    this.clientPort = clientPort;
    this.peerPort = peerPort;
  }

  public String id() {
    return id;
  }

  public Path log() {
    return log;
  }

  public String clientUrl() {
    return "http://127.0.0.1:" + clientPort;
  }

  public int clientPort() {
    return clientPort;
  }

  public String peerAddress() {
    return "127.0.0.1:" + peerPort;
  }

  /** Starts the process (appending to its log); no-op while one runs. */
  public synchronized void start() throws IOException {
    if (process != null && process.isAlive()) {
      return;
    }
    ProcessBuilder pb = new ProcessBuilder(command);
    pb.environment().putIfAbsent("MALLOC_ARENA_MAX", "2"); // glibc: fewer per-thread malloc arenas
    process = pb.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
    paused = false;
    isolated = false;
    exitExpected = false;
  }

  /** SIGKILL, then waits for the exit: the node gets no chance to flush or say goodbye. */
  public synchronized void kill() throws InterruptedException {
    if (process != null && process.isAlive()) {
      exitExpected = true;
      process.destroyForcibly();
      process.waitFor(10, TimeUnit.SECONDS);
    }
    paused = false;
  }

  /** Kills a running process (if any) and starts the same command line again. */
  public synchronized void restart() throws IOException, InterruptedException {
    kill();
    start();
  }

  /** SIGSTOP: the JVM freezes mid-step, as in a long GC pause; its sockets stay open. */
  public synchronized void pause() throws IOException, InterruptedException {
    requireRunning();
    signal("STOP");
    paused = true;
  }

  /** SIGCONT after {@link #pause}. */
  public synchronized void resume() throws IOException, InterruptedException {
    requireRunning();
    signal("CONT");
    paused = false;
  }

  /** SIGTERM (after SIGCONT, since a stopped JVM cannot run its shutdown hook), waiting up to 10 s. */
  public synchronized void stop() throws InterruptedException {
    if (process == null || !process.isAlive()) {
      return;
    }
    exitExpected = true;
    if (paused) {
      try {
        signal("CONT");
      } catch (IOException e) {
        // Fall through to the forcible stop below.
      }
    }
    process.destroy();
    if (!process.waitFor(10, TimeUnit.SECONDS)) {
      process.destroyForcibly();
    }
  }

  public synchronized boolean isolated() {
    return isolated && process != null && process.isAlive();
  }

  public synchronized void setIsolated(boolean on) {
    isolated = on;
  }

  public synchronized State state() {
    if (process == null || !process.isAlive()) {
      return State.STOPPED;
    }
    return paused ? State.PAUSED : State.RUNNING;
  }

  /** The running process's pid, or -1. */
  public synchronized long pid() {
    return process != null && process.isAlive() ? process.pid() : -1;
  }

  /** The exit code of the last process once it ended, else null. */
  public synchronized Integer exitCode() {
    return process != null && !process.isAlive() ? process.exitValue() : null;
  }

  /** The exit code if the process ended without being asked to (a crash), else null; reports it once. */
  public synchronized Integer takeUnexpectedExit() {
    if (process == null || process.isAlive() || exitExpected) {
      return null;
    }
    exitExpected = true;
    return process.exitValue();
  }

  private void requireRunning() {
    if (process == null || !process.isAlive()) {
      throw new IllegalStateException(id + " is not running");
    }
  }

  private void signal(String name) throws IOException, InterruptedException {
    Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(process.pid()))
        .redirectErrorStream(true).start();
    String out = new String(kill.getInputStream().readAllBytes());
    if (kill.waitFor() != 0) {
      throw new IOException("kill -" + name + " " + process.pid() + " failed: " + out.trim());
    }
  }
}
