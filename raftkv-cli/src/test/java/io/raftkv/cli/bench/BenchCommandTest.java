package io.raftkv.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.raftkv.api.KeyValue;
import io.raftkv.cli.client.CliRunner.Result;
import io.raftkv.cli.client.CliRunner;
import io.raftkv.cli.client.ExitCodes;
import io.raftkv.cli.client.LocalServer;
import io.raftkv.client.RaftKvClient;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Short bench runs against the real HTTP server: counts and report shape, not speed. */
class BenchCommandTest {

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

  private JsonNode bench(String... args) throws IOException {
    String[] full = new String[args.length + 3];
    full[0] = "bench";
    full[1] = "--endpoints=" + server.url();
    full[2] = "--json";
    System.arraycopy(args, 0, full, 3, args.length);
    Result result = CliRunner.run(full);
    assertThat(result.code()).as("stderr: %s", result.err()).isEqualTo(ExitCodes.OK);
    return JSON.readTree(result.out());
  }

  private static void assertSaneLatencies(JsonNode report, long ops) {
    JsonNode latency = report.get("latency");
    assertThat(latency.get("count").asLong()).isEqualTo(ops);
    double p50 = latency.get("p50").asDouble();
    assertThat(p50).isPositive();
    assertThat(latency.get("p90").asDouble()).isGreaterThanOrEqualTo(p50);
    assertThat(latency.get("p99").asDouble()).isGreaterThanOrEqualTo(latency.get("p90").asDouble());
    assertThat(latency.get("p999").asDouble()).isGreaterThanOrEqualTo(latency.get("p99").asDouble());
    // HdrHistogram keeps 3 significant digits, so the max may round up a little above p99.9.
    assertThat(latency.get("max").asDouble()).isGreaterThanOrEqualTo(latency.get("p999").asDouble() * 0.999);
    assertThat(report.get("throughput").asDouble()).isPositive();
    assertThat(report.get("seconds").asDouble()).isPositive();
    // The server runs in this JVM too, so only the sign is the client's own.
    assertThat(report.get("client").get("cpuMicrosPerOp").asDouble()).isPositive();
    assertThat(report.get("client").get("allocatedBytesPerOp").asDouble()).isPositive();
  }

  @Test
  void putRunCompletesExactlyTheTotal() throws IOException {
    JsonNode report = bench("--workload=put", "--total=300", "--clients=2", "--inflight=4", "--keys=50",
        "--value-size=100");
    assertThat(report.get("ops").asLong()).isEqualTo(300);
    assertThat(report.get("ok").asLong()).isEqualTo(300);
    assertThat(report.get("errors").asLong()).isZero();
    assertThat(report.get("openLoop").asBoolean()).isFalse();
    assertSaneLatencies(report, 300);
    try (RaftKvClient client = RaftKvClient.builder().endpoints(server.url()).build()) {
      List<KeyValue> kvs = client.list("bench/", 0).kvs();
      assertThat(kvs).hasSizeLessThanOrEqualTo(50).allSatisfy(kv -> assertThat(kv.value()).hasSize(100));
      assertThat(kvs.stream().mapToLong(KeyValue::version).sum()).isEqualTo(300);
    }
  }

  @Test
  void warmupLoadIsSentButNotReported() throws IOException {
    JsonNode report = bench("--workload=put", "--warmup=1s", "--total=100", "--keys=20");
    assertThat(report.get("ops").asLong()).isEqualTo(100);
    assertSaneLatencies(report, 100);
    try (RaftKvClient client = RaftKvClient.builder().endpoints(server.url()).build()) {
      // The server saw the warm-up's writes too: more versions than the measured 100.
      assertThat(client.list("bench/", 0).kvs().stream().mapToLong(KeyValue::version).sum()).isGreaterThan(100);
    }
  }

  @Test
  void getRunsFindThePreloadedKeys() throws IOException {
    for (String consistency : new String[] {"--serializable", "--timeout=5s"}) {
      JsonNode report = bench("--workload=get", "--total=200", "--keys=20", "--http1", "--connections=3",
          consistency);
      assertThat(report.get("ops").asLong()).isEqualTo(200);
      assertThat(report.get("misses").asLong()).isZero();
      assertSaneLatencies(report, 200);
    }
  }

  @Test
  void mixedRunSplitsReadsAndWrites() throws IOException {
    JsonNode report = bench("--workload=mixed", "--read-ratio=0.5", "--total=400", "--keys=10");
    assertThat(report.get("ops").asLong()).isEqualTo(400);
    assertThat(report.get("errors").asLong()).isZero();
    try (RaftKvClient client = RaftKvClient.builder().endpoints(server.url()).build()) {
      long writes = client.list("bench/", 0).kvs().stream().mapToLong(KeyValue::version).sum() - 10;
      // 400 coin flips at 0.5: outside 100..300 is a > 10^-20 event.
      assertThat(writes).isBetween(100L, 300L);
    }
  }

  @Test
  void txnRunCountsEveryCasAsAppliedOrConflicting() throws IOException {
    JsonNode report = bench("--workload=txn", "--total=300", "--keys=5", "--clients=2", "--inflight=8");
    long ok = report.get("ok").asLong();
    assertThat(report.get("ops").asLong()).isEqualTo(300);
    assertThat(ok + report.get("conflicts").asLong()).isEqualTo(300);
    assertThat(ok).isPositive();
    try (RaftKvClient client = RaftKvClient.builder().endpoints(server.url()).build()) {
      // Each key was written once by the preload and once per applied CAS: nothing lost, nothing extra.
      long versions = client.list("bench/", 0).kvs().stream().mapToLong(KeyValue::version).sum();
      assertThat(versions).isEqualTo(5 + ok);
    }
  }

  @Test
  void openLoopPacesRequestsAtTheRate() throws IOException {
    JsonNode report = bench("--workload=put", "--rate=200", "--total=100");
    assertThat(report.get("openLoop").asBoolean()).isTrue();
    assertThat(report.get("ops").asLong()).isEqualTo(100);
    // Request 99 is due 99/200 s after the start, so the run cannot be shorter.
    assertThat(report.get("seconds").asDouble()).isGreaterThanOrEqualTo(0.495);
    assertSaneLatencies(report, 100);
  }

  @Test
  void textReportAndBadOptions() {
    Result text = CliRunner.run("bench", "--endpoints=" + server.url(), "--total=20");
    assertThat(text.code()).isZero();
    assertThat(text.out()).contains("raftkv put (closed loop): 20 ops").contains("p99.9");
    Result bad = CliRunner.run("bench", "--endpoints=" + server.url(), "--total=20", "--read-ratio=2");
    assertThat(bad.code()).isEqualTo(ExitCodes.USAGE);
    assertThat(bad.err()).contains("--read-ratio must be within 0..1");
    Result both = CliRunner.run("bench", "--endpoints=" + server.url(), "--total=20", "--duration=1s");
    assertThat(both.code()).isEqualTo(ExitCodes.USAGE);
  }

  @Test
  void durationRunStopsAfterTheDurationAndPrintsProgress() throws IOException {
    Result result = CliRunner.run("bench", "--endpoints=" + server.url(), "--json", "--duration=2s");
    assertThat(result.code()).as(result.err()).isZero();
    JsonNode report = JSON.readTree(result.out());
    assertThat(report.get("seconds").asDouble()).isBetween(2.0, 30.0);
    assertThat(report.get("ops").asLong()).isPositive();
    assertThat(report.get("errors").asLong()).isZero();
    assertThat(result.err().lines().filter(l -> l.contains("ops/s") && l.contains("p99 so far")).count())
        .isGreaterThanOrEqualTo(1);
  }

  @Test
  void unreachableTargetCountsErrorsByKindAndExitsThree() throws IOException {
    String dead;
    try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
      dead = "http://127.0.0.1:" + socket.getLocalPort();
    }
    Result put = CliRunner.run("bench", "--endpoints=" + dead, "--total=5", "--json");
    assertThat(put.code()).isEqualTo(ExitCodes.UNAVAILABLE);
    JsonNode report = JSON.readTree(put.out());
    assertThat(report.get("errors").asLong()).isEqualTo(5);
    assertThat(report.get("errorsByKind").get("unavailable").asLong()).isEqualTo(5);
    assertThat(put.err()).contains("all 5 operations failed");
    Result get = CliRunner.run("bench", "--endpoints=" + dead, "--total=5", "--workload=get");
    assertThat(get.code()).isEqualTo(ExitCodes.UNAVAILABLE);
    assertThat(get.err()).contains("preload of 1000 keys failed");
  }
}
