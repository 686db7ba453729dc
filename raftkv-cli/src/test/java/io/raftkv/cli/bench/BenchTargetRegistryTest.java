package io.raftkv.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.raftkv.cli.client.ExitCodes;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * The one {@code bench} command with a registry another jar extends (as the bench jar adds etcd): an added
 * target is driven with the command's own options, defaults and report; unknown names and options the
 * target cannot honour are usage errors. No server: the added target answers in memory.
 */
class BenchTargetRegistryTest {

  /** What the in-memory target saw: the config of each created client. */
  private final List<BenchConfig> created = Collections.synchronizedList(new ArrayList<>());

  private final TargetKind memory = new TargetKind("memory", List.of("mem://a", "mem://b"), Duration.ofMillis(750),
      false, (config, known) -> {
        created.add(config);
        return new BenchTarget() {
          @Override
          public CompletableFuture<Outcome> put(String key, byte[] value) {
            return CompletableFuture.completedFuture(Outcome.OK);
          }

          @Override
          public CompletableFuture<Outcome> get(String key, boolean serializable) {
            return CompletableFuture.completedFuture(Outcome.MISS);
          }

          @Override
          public CompletableFuture<Outcome> cas(String key, byte[] value) {
            return CompletableFuture.completedFuture(Outcome.CONFLICT);
          }

          @Override
          public void close() {
          }
        };
      });

  private record Run(int code, String out, String err) {}

  private Run run(String... args) {
    CommandLine cli = new CommandLine(new BenchCommand(TargetKinds.builtIn().with(memory)));
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    return new Run(cli.execute(args), out.toString(), err.toString());
  }

  @Test
  void anAddedTargetRunsWithTheCommandsOptionsAndItsOwnDefaults() throws Exception {
    Run r = run("--target", "memory", "--workload", "get", "--total", "50", "--keys", "5", "--clients", "2",
        "--json");
    assertThat(r.code()).as(r.err()).isEqualTo(ExitCodes.OK);
    JsonNode report = new ObjectMapper().readTree(r.out());
    assertThat(report.get("target").asText()).isEqualTo("memory");
    assertThat(report.get("ops").asLong()).isEqualTo(50);
    assertThat(report.get("misses").asLong()).isEqualTo(50);
    assertThat(created).hasSize(2).allSatisfy(c -> {
      assertThat(c.endpoints()).containsExactly("mem://a", "mem://b");
      assertThat(c.timeout()).isEqualTo(Duration.ofMillis(750));
      assertThat(c.target()).isSameAs(memory);
    });
  }

  @Test
  void givenEndpointsAndTimeoutOverrideTheTargetsDefaults() {
    Run r = run("--target=memory", "--endpoints=mem://x", "--timeout=3s", "--total=1");
    assertThat(r.code()).as(r.err()).isEqualTo(ExitCodes.OK);
    assertThat(created).singleElement().satisfies(c -> {
      assertThat(c.endpoints()).containsExactly("mem://x");
      assertThat(c.timeout()).isEqualTo(Duration.ofSeconds(3));
    });
  }

  @Test
  void unknownTargetsAndHttp1OnANonHttpTargetAreUsageErrors() {
    Run unknown = run("--target", "etcd", "--total", "1");
    assertThat(unknown.code()).isEqualTo(ExitCodes.USAGE);
    assertThat(unknown.err()).contains("unknown --target 'etcd'").contains("memory, raftkv");
    Run http1 = run("--target", "memory", "--http1", "--total", "1");
    assertThat(http1.code()).isEqualTo(ExitCodes.USAGE);
    assertThat(http1.err()).contains("--http1 applies to RaftKV only");
    assertThat(created).isEmpty();
  }

  @Test
  void raftkvIsBuiltInWithTheClientDefaults() {
    TargetKind raftkv = TargetKinds.builtIn().get("raftkv");
    assertThat(raftkv.defaultEndpoints())
        .containsExactly("http://127.0.0.1:8081", "http://127.0.0.1:8082", "http://127.0.0.1:8083");
    assertThat(raftkv.defaultTimeout()).isEqualTo(Duration.ofSeconds(12));
    assertThat(raftkv.http1()).isTrue();
  }
}
