package io.raftkv.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.raftkv.cli.bench.BenchCommand;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.ParseResult;

/**
 * The bench jar's command line: {@code bench} is raftkv-cli's {@link BenchCommand} with etcd registered, and
 * the invocations of bench/compare-etcd.sh and bench/profile-raftkv.sh still parse (options only; nothing
 * runs).
 */
class BenchMainTest {

  private static ParseResult parse(String... args) {
    return BenchMain.commandLine().parseArgs(args);
  }

  @Test
  void benchIsTheLoadToolOfRaftkvCliWithEtcdAdded() {
    ParseResult r = parse("bench", "--target", "etcd");
    assertThat(r.subcommand().commandSpec().userObject()).isInstanceOf(BenchCommand.class);
    assertThat(BenchMain.TARGETS.get("etcd")).isSameAs(EtcdTarget.KIND);
    assertThat(BenchMain.TARGETS.get("raftkv").defaultEndpoints()).hasSize(3);
  }

  @Test
  void theScriptsInvocationsParse() {
    List<List<String>> invocations = List.of(
        // compare-etcd.sh bench(): every workload, both targets, warm-up
        List.of("bench", "--target", "etcd", "--endpoints", "http://127.0.0.1:2379", "--inflight", "64",
            "--warmup", "5s", "--workload", "mixed", "--read-ratio", "0.9", "--value-size", "256", "--duration", "10s"),
        List.of("bench", "--target", "raftkv", "--endpoints", "http://127.0.0.1:8081", "--inflight", "64",
            "--warmup", "5s", "--workload", "get", "--serializable", "--value-size", "256", "--duration", "10s"),
        // compare-etcd.sh memory and failover steps
        List.of("load", "--target", "etcd", "--endpoints", "http://127.0.0.1:2379", "--keys", "100000",
            "--value-size", "256", "--inflight", "64"),
        List.of("failover", "--target", "raftkv", "--endpoints", "http://127.0.0.1:8081", "--nodes-dir", "/tmp/x",
            "--rounds", "10"),
        // profile-raftkv.sh
        List.of("bench", "--target", "raftkv", "--endpoints", "http://127.0.0.1:8081", "--inflight", "64",
            "--workload", "put", "--duration", "20s"));
    for (List<String> args : invocations) {
      assertThat(parse(args.toArray(String[]::new)).hasSubcommand()).as("%s", args).isTrue();
    }
  }

  @Test
  void loadAndFailoverRefuseAnUnknownTargetAsAUsageError() {
    assertThatThrownBy(() -> parse("load", "--target", "zookeeper"))
        .isInstanceOf(CommandLine.ParameterException.class).hasMessageContaining("unknown --target 'zookeeper'");
  }
}
