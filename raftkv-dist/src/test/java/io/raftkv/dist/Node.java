package io.raftkv.dist;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One server process started from a deploy/ command line, with its output in {@code log}. Owns the process:
 * {@link #close()} ends it (SIGTERM, then SIGKILL after 20 s) and is safe to call twice.
 */
final class Node implements AutoCloseable {

  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  final String name;
  final URI clientUrl;
  final Path log;
  private final Process process;

  private Node(String name, URI clientUrl, Path log, Process process) {
    this.name = name;
    this.clientUrl = clientUrl;
    this.log = log;
    this.process = process;
  }

  static Node start(String name, List<String> argv, Map<String, String> env, URI clientUrl, Path log)
      throws IOException {
    ProcessBuilder pb = new ProcessBuilder(argv).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    pb.environment().putAll(env);
    return new Node(name, clientUrl, log, pb.start());
  }

  /** The status code of GET {@code path}, or -1 when the node does not answer. */
  int status(String path) {
    try {
      return get(path).statusCode();
    } catch (IOException e) {
      return -1;
    }
  }

  HttpResponse<String> get(String path) throws IOException {
    return send(HttpRequest.newBuilder(clientUrl.resolve(path)).GET());
  }

  HttpResponse<String> put(String path, String body) throws IOException {
    return send(HttpRequest.newBuilder(clientUrl.resolve(path)).PUT(HttpRequest.BodyPublishers.ofString(body)));
  }

  private static HttpResponse<String> send(HttpRequest.Builder b) throws IOException {
    try {
      return HTTP.send(b.timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException(e);
    }
  }

  boolean isAlive() {
    return process.isAlive();
  }

  /** Waits for the process to end on its own and returns its exit code. */
  int waitForExit(long seconds) throws InterruptedException {
    if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
      throw new IllegalStateException(name + " still running after " + seconds + " s");
    }
    return process.exitValue();
  }

  String logText() {
    try {
      return Files.readString(log);
    } catch (IOException e) {
      return "(no log: " + e + ")";
    }
  }

  @Override
  public void close() throws InterruptedException {
    if (!process.isAlive()) {
      return;
    }
    process.destroy();
    if (!process.waitFor(20, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
  }
}
