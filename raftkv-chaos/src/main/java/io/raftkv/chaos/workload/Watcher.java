package io.raftkv.chaos.workload;

import com.fasterxml.jackson.databind.JsonNode;
import io.raftkv.api.ApiJson;
import io.raftkv.api.WatchResponse;
import io.raftkv.chaos.cluster.LabCluster;
import io.raftkv.chaos.history.WatchLog;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.locks.LockSupport;

/**
 * One watcher of a prefix, from revision 1, on its own thread: it follows a {@code GET /v1/watch}
 * NDJSON stream on a random node and, whenever the stream breaks or ends (connection refused or
 * broken, an error event such as {@code no_leader}, nothing read for {@link #READ_TIMEOUT} because the
 * node is paused or cut off), or after a random 1-5 s on purpose, resumes on a random other node with
 * {@code startRevision} = the last revision read + 1. Everything read goes through the {@link WatchTap}
 * into the {@link WatchLog}.
 *
 * <p>Owns its thread, its stream and the resume cursor {@code next}, which only that thread writes
 * (others read it to wait for the watcher to catch up). The log is the thread's until {@link #stop}
 * returns.
 */
final class Watcher {

  /** Longer than the server's 5 s bookmark interval, so a live idle stream is never given up. */
  static final Duration READ_TIMEOUT = Duration.ofSeconds(7);
  private static final Duration CONNECT_TIMEOUT = Duration.ofMillis(500);
  private static final long RETRY_PAUSE_NANOS = 100_000_000;

  private final LabCluster cluster;
  private final String prefix;
  private final SplittableRandom random;
  private final WatchTap tap;
  private final WatchLog log;
  private final Thread thread;
  private volatile boolean stopped;
  /** The revision to resume from: one past the last one read from any stream (events or bookmark). */
  private volatile long next = 1;
  private volatile NdjsonStream open;

  Watcher(String name, LabCluster cluster, String prefix, SplittableRandom random, WatchTap tap) {
    this.cluster = cluster;
    this.prefix = prefix;
    this.random = random;
    this.tap = tap;
    this.log = new WatchLog(name);
    this.thread = new Thread(this::run, "watcher-" + name);
    thread.setDaemon(true);
  }

  void start() {
    thread.start();
  }

  /** The revision the watcher has read everything up to. */
  long position() {
    return next - 1;
  }

  /** Ends the stream and the thread; afterwards the log may be read. */
  WatchLog stop() throws InterruptedException {
    stopped = true;
    NdjsonStream s = open;
    if (s != null) {
      try {
        s.close();
      } catch (IOException ignored) {
        // Closing only unblocks the reader.
      }
    }
    thread.join(READ_TIMEOUT.toMillis() + 2000);
    if (thread.isAlive()) {
      throw new IllegalStateException(thread.getName() + " did not stop");
    }
    return log;
  }

  /** Path and query of a watch of the prefix from {@code startRevision}. */
  static String path(String prefix, long startRevision) {
    return "/v1/watch?prefix=" + URLEncoder.encode(prefix, StandardCharsets.UTF_8) + "&startRevision=" + startRevision;
  }

  static InetSocketAddress address(URI base) {
    return new InetSocketAddress(base.getHost(), base.getPort());
  }

  private void run() {
    String previous = null;
    while (!stopped) {
      String last = previous;
      List<String> nodes = cluster.activeNodeNames().stream().filter(n -> !n.equals(last)).toList();
      String node = nodes.get(random.nextInt(nodes.size()));
      previous = node;
      follow(node);
      if (!stopped) {
        LockSupport.parkNanos(RETRY_PAUSE_NANOS);
      }
    }
    log.ended("stopped");
  }

  /** Reads one stream on {@code node} until it ends, fails, goes quiet, or its time is up. */
  private void follow(String node) {
    long start = next;
    long switchAt = System.nanoTime() + Duration.ofMillis(1000 + random.nextInt(4000)).toNanos();
    try (NdjsonStream s = NdjsonStream.open(address(cluster.url(node)), path(prefix, start), CONNECT_TIMEOUT,
        READ_TIMEOUT)) {
      open = s;
      if (s.status() != 200) {
        // Refused before anything was opened (e.g. 400 future_revision on a node that lags behind).
        return;
      }
      log.opened(node, start);
      while (!stopped) {
        if (System.nanoTime() > switchAt) {
          log.ended("switch");
          return;
        }
        String line = s.readLine();
        if (line == null) {
          log.ended("end of stream");
          return;
        }
        JsonNode json = ApiJson.MAPPER.readTree(line);
        if (json.has("error")) {
          log.ended("error " + json.path("error").asText());
          return;
        }
        WatchResponse message = ApiJson.readWatchResponse(json);
        next = Math.max(next, message.revision() + 1);
        WatchResponse kept = tap.pass(log.watcher(), message);
        if (kept != null) {
          log.received(kept);
        }
      }
    } catch (SocketTimeoutException e) {
      log.ended("read timeout");
    } catch (IOException | RuntimeException e) {
      log.ended("broken: " + e);
    } finally {
      open = null;
    }
  }
}
