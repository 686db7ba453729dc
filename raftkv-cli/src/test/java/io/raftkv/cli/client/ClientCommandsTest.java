package io.raftkv.cli.client;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.raftkv.cli.client.CliRunner.Result;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every client command against the real HTTP server, including the error exit codes of {@link ExitCodes}. */
class ClientCommandsTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  private LocalServer server;

  @BeforeEach
  void start() throws InterruptedException {
    server = new LocalServer();
  }

  @AfterEach
  void stop() throws InterruptedException {
    server.close();
  }

  private Result run(String... args) {
    String[] withEndpoint = new String[args.length + 1];
    System.arraycopy(args, 0, withEndpoint, 0, args.length);
    withEndpoint[args.length] = "--endpoints=" + server.url();
    return CliRunner.run(withEndpoint);
  }

  @Test
  void historyPagingRangeDeleteAndCompaction() {
    long first = revisionOf(run("put", "h/a", "one"));
    revisionOf(run("put", "h/a", "two"));
    revisionOf(run("put", "h/b", "x"));
    assertThat(run("get", "h/a", "--rev", String.valueOf(first)).out().strip()).isEqualTo("one");
    assertThat(run("list", "--prefix", "h/", "--keys-only").out().lines()).containsExactly("h/a", "h/b");
    assertThat(run("list", "--start", "h/b").out().lines()).containsExactly("h/b\tx");
    assertThat(run("list", "--prefix", "h/", "--count").out().strip()).isEqualTo("2");
    Result del = run("del", "--prefix", "h/");
    assertThat(del.out()).contains("deleted=2");
    assertThat(run("list", "--prefix", "h/", "--count").out().strip()).isEqualTo("0");
    assertThat(run("compact", String.valueOf(first + 1)).out()).contains("compactRevision=" + (first + 1));
    Result gone = run("get", "h/a", "--rev", String.valueOf(first));
    assertThat(gone.code()).isNotEqualTo(ExitCodes.OK);
    assertThat(gone.err()).contains("compacted");
    assertThat(run("del").code()).isEqualTo(ExitCodes.USAGE);
    Result compacted = run("watch", "--prefix", "h/", "--rev", String.valueOf(first));
    assertThat(compacted.code()).isEqualTo(ExitCodes.REJECTED);
    assertThat(compacted.err()).contains("compacted");
  }

  @Test
  void watchResumesAcrossEndpointsWithoutRepeatsOrGaps() throws Exception {
    long first = revisionOf(run("put", "w/a", "1"));
    revisionOf(run("put", "w/b", "2"));
    java.util.List<Long> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
    try (io.raftkv.client.RaftKvClient client = io.raftkv.client.RaftKvClient.builder()
            .endpoints(deadUrl(), server.url()).build();
        io.raftkv.client.Watch watch = client.watch("w/", first, r -> seen.add(r.revision()))) {
      long third = client.put("w/c", "3").revision();
      org.awaitility.Awaitility.await().until(() -> seen.size() == 3);
      assertThat(seen).containsExactly(first, first + 1, third);
      assertThat(watch.nextRevision()).isEqualTo(third + 1);
    }
  }

  private static long revisionOf(Result r) {
    assertThat(r.out()).startsWith("OK revision=");
    return Long.parseLong(r.out().trim().substring("OK revision=".length()));
  }

  private static void assertOneLineError(Result r, int code, String fragment) {
    assertThat(r.code()).as("exit code; stderr: %s", r.err()).isEqualTo(code);
    assertThat(r.err().strip()).doesNotContain("\n").contains(fragment);
  }

  @Test
  void putThenGetPrintsTheValueAndItsRevision() throws IOException {
    Result put = run("put", "dir/greeting", "hello world");
    assertThat(put.code()).isZero();
    long revision = revisionOf(put);

    Result get = run("get", "dir/greeting");
    assertThat(get.code()).isZero();
    assertThat(get.out()).isEqualTo("hello world" + System.lineSeparator());

    JsonNode json = JSON.readTree(run("get", "dir/greeting", "--json").out());
    assertThat(json.get("value").asText()).isEqualTo("hello world");
    assertThat(json.get("modRevision").asLong()).isEqualTo(revision);
    assertThat(run("get", "dir/greeting", "--serializable").out().strip()).isEqualTo("hello world");
  }

  @Test
  void conditionalPutsEnforceTheirPreconditions() {
    long first = revisionOf(run("put", "k", "v1", "--create-only"));
    assertOneLineError(run("put", "k", "v2", "--create-only"), ExitCodes.REJECTED, "precondition failed");
    assertOneLineError(run("put", "k", "v2", "--if-match", String.valueOf(first + 100)), ExitCodes.REJECTED,
        "current modRevision " + first);
    long second = revisionOf(run("put", "k", "v2", "--if-match", String.valueOf(first)));
    assertThat(second).isGreaterThan(first);
    assertThat(run("get", "k").out().strip()).isEqualTo("v2");
    assertThat(run("put", "k", "v3", "--if-match", "1", "--create-only").code()).isEqualTo(ExitCodes.USAGE);
  }

  @Test
  void casSucceedsOnlyOnTheCurrentRevision() {
    long revision = revisionOf(run("put", "counter", "1"));
    Result stale = run("cas", "counter", String.valueOf(revision + 5), "2");
    assertOneLineError(stale, ExitCodes.REJECTED, "current modRevision is " + revision);
    Result ok = run("cas", "counter", String.valueOf(revision), "2");
    assertThat(ok.code()).isZero();
    assertThat(run("get", "counter").out().strip()).isEqualTo("2");
    assertOneLineError(run("cas", "missing", "3", "x"), ExitCodes.REJECTED, "key does not exist");
    assertOneLineError(run("cas", "counter", "0", "x"), ExitCodes.USAGE, "EXPECTED_REV must be >= 1");
  }

  @Test
  void delRemovesAKeyAndReportsMissingOnes() {
    long revision = revisionOf(run("put", "gone", "x"));
    assertOneLineError(run("del", "gone", "--if-match", String.valueOf(revision + 1)), ExitCodes.REJECTED,
        "precondition failed");
    assertThat(run("del", "gone", "--if-match", String.valueOf(revision)).code()).isZero();
    assertOneLineError(run("get", "gone"), ExitCodes.REJECTED, "key not found");
    assertOneLineError(run("del", "gone"), ExitCodes.REJECTED, "key not found");
  }

  @Test
  void listPrintsKeysInOrderAndHonoursTheLimit() throws IOException {
    run("put", "p/b", "2");
    run("put", "p/a", "1");
    run("put", "q/c", "3");

    Result all = run("list", "--prefix", "p/");
    assertThat(all.code()).isZero();
    assertThat(all.out().lines()).containsExactly("p/a\t1", "p/b\t2");
    assertThat(all.err()).isEmpty();

    Result limited = run("list", "--prefix", "p/", "--limit", "1");
    assertThat(limited.out().lines()).containsExactly("p/a\t1");
    assertThat(limited.err()).contains("more keys match");

    JsonNode json = JSON.readTree(run("list", "--json").out());
    assertThat(json).hasSize(3);
    assertThat(json.get(2).get("key").asText()).isEqualTo("q/c");
    assertThat(json.get(2).get("version").asLong()).isEqualTo(1);
  }

  @Test
  void txnFromFileAndStdinRunsTheRightBranch(@TempDir Path dir) throws IOException {
    long revision = revisionOf(run("put", "t", "old"));
    String txn = "{\"compare\":[{\"key\":\"t\",\"target\":\"modRevision\",\"result\":\"equal\",\"modRevision\":"
        + revision + "}],\"success\":[{\"op\":\"put\",\"key\":\"t\",\"value\":\"bmV3\"}],"
        + "\"failure\":[{\"op\":\"get\",\"key\":\"t\"}]}";
    Path file = dir.resolve("txn.json");
    Files.writeString(file, txn);

    Result first = run("txn", "--file", file.toString());
    assertThat(first.code()).as(first.err()).isZero();
    assertThat(JSON.readTree(first.out()).get("succeeded").asBoolean()).isTrue();
    assertThat(run("get", "t").out().strip()).isEqualTo("new");

    String[] args = {"txn", "--endpoints=" + server.url()};
    Result second = CliRunner.runWithStdin(txn, args);
    assertThat(second.code()).isZero();
    JsonNode answer = JSON.readTree(second.out());
    assertThat(answer.get("succeeded").asBoolean()).isFalse();
    assertThat(answer.get("results").get(0).get("kv").get("value").asText()).isEqualTo("bmV3");
  }

  @Test
  void txnDeletesARangeAndPrintsTheCountAndPrevKvs() throws IOException {
    revisionOf(run("put", "r/a", "1"));
    long before = revisionOf(run("put", "r/b", "2"));
    String txn = "{\"success\":[{\"op\":\"delete\",\"start\":\"r/\",\"end\":\"r/b\",\"prevKv\":true},"
        + "{\"op\":\"delete\",\"prefix\":\"r/\"}]}";
    Result result = CliRunner.runWithStdin(txn, "txn", "--endpoints=" + server.url());
    assertThat(result.code()).as(result.err()).isZero();
    JsonNode answer = JSON.readTree(result.out());
    assertThat(answer.get("revision").asLong()).isEqualTo(before + 1);
    assertThat(answer.get("results").get(0).get("deleted").asLong()).isEqualTo(1);
    assertThat(answer.get("results").get(0).get("prevKvs").get(0).get("key").asText()).isEqualTo("r/a");
    assertThat(answer.get("results").get(1).get("deleted").asLong()).isEqualTo(1);
    assertThat(run("list", "--prefix", "r/", "--count").out().strip()).isEqualTo("0");
    assertOneLineError(CliRunner.runWithStdin("{\"success\":[{\"op\":\"delete\",\"prefix\":\"r/\",\"end\":\"s\"}]}",
        "txn", "--endpoints=" + server.url()), ExitCodes.REJECTED, "exactly one of");
  }

  @Test
  void txnRejectsBadInputWithUsageOrServerErrors(@TempDir Path dir) {
    assertOneLineError(CliRunner.runWithStdin("{not json", "txn", "--endpoints=" + server.url()),
        ExitCodes.USAGE, "not valid JSON");
    assertOneLineError(run("txn", "--file", dir.resolve("absent.json").toString()), ExitCodes.USAGE,
        "no such file");
    // Valid JSON the server refuses (unknown op): a 400, so exit 1 with the server's reason.
    assertOneLineError(CliRunner.runWithStdin("{\"success\":[{\"op\":\"frobnicate\",\"key\":\"k\"}]}", "txn",
        "--endpoints=" + server.url()), ExitCodes.REJECTED, "frobnicate");
  }

  @Test
  void statusPrintsOneRowPerMemberWithTheLeaderMarked() {
    Result status = run("status");
    assertThat(status.code()).as(status.err()).isZero();
    assertThat(status.out().lines().findFirst().orElseThrow()).startsWith("cluster ");
    assertThat(status.out()).contains("MEMBER").contains("MATCH/NEXT");
    assertThat(status.out().lines().filter(l -> l.endsWith("*")).count()).isEqualTo(1);
  }

  @Test
  void everyCommandHasHelp() {
    for (String command : new String[] {"put", "get", "del", "cas", "list", "txn", "status", "bench"}) {
      Result help = CliRunner.run(command, "--help");
      assertThat(help.code()).isZero();
      assertThat(help.out()).startsWith("Usage: raftkv " + command).contains("--endpoints");
    }
  }

  @Test
  void usageErrorsAreOneLineWithExitCodeTwo() {
    assertOneLineError(CliRunner.run("put", "only-key"), ExitCodes.USAGE, "raftkv put: Missing required parameter");
    assertOneLineError(CliRunner.run("get", "k", "--endpoints=ftp://h:1"), ExitCodes.USAGE, "only http");
    assertOneLineError(CliRunner.run("get", "k", "--endpoints=" + server.url(), "--timeout=soon"),
        ExitCodes.USAGE, "not a duration");
  }

  @Test
  void unreachableClusterExitsThree() throws IOException {
    String dead = deadUrl();
    assertOneLineError(CliRunner.run("get", "k", "--endpoints=" + dead), ExitCodes.UNAVAILABLE,
        "no endpoint could serve");
    assertOneLineError(CliRunner.run("status", "--endpoints=" + dead), ExitCodes.UNAVAILABLE,
        "no endpoint answered");
  }

  @Test
  void failsOverFromADeadEndpointToALiveOne() throws IOException {
    String endpoints = "--endpoints=" + deadUrl() + "," + server.url();
    assertThat(CliRunner.run("put", "fo", "v", endpoints).code()).isZero();
    Result get = CliRunner.run("get", "fo", endpoints);
    assertThat(get.code()).isZero();
    assertThat(get.out().strip()).isEqualTo("v");
  }

  @Test
  void writeLostAfterSendingIsOutcomeUnknownAndNotRetriedElsewhere() throws Exception {
    try (BlackHoleServer blackHole = new BlackHoleServer("needle-value")) {
      String endpoints = "--endpoints=" + blackHole.url() + "," + server.url();
      for (String protocol : new String[] {"--http1", "--timeout=5s"}) {
        Result put = CliRunner.run("put", "lost", "needle-value", endpoints, protocol);
        assertOneLineError(put, ExitCodes.UNAVAILABLE, "may or may not have been applied");
      }
      assertThat(blackHole.requestsSwallowed()).isEqualTo(2);
      // The live endpoint never saw the write: the client did not resend it.
      assertOneLineError(run("get", "lost"), ExitCodes.REJECTED, "key not found");
    }
  }

  private static String deadUrl() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return "http://127.0.0.1:" + socket.getLocalPort();
    }
  }
}
