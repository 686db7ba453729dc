package io.raftkv.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.raftkv.kv.server.ServerConfig;
import io.raftkv.kv.server.StoreBudget;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code raftkv server}'s advertise flags: what a node puts in the member table, and the refusals. */
class ServerCommandTest {

  private static final String FOUNDERS = "n1=10.0.0.1:7001,n2=10.0.0.2:7001,n3=10.0.0.3:7001";

  @TempDir Path dir;

  private record Run(int code, String err) {}

  private Run run(String... flags) {
    CommandLine cli = RaftKvCommand.commandLine();
    StringWriter err = new StringWriter();
    cli.setErr(new PrintWriter(err, true));
    List<String> args = new ArrayList<>(List.of("server", "--id", "n1", "--data-dir", dir.toString()));
    args.addAll(List.of(flags));
    return new Run(cli.execute(args.toArray(String[]::new)), err.toString());
  }

  private ServerConfig config(String... flags) throws InterruptedException {
    ServerCommand command = new ServerCommand();
    List<String> args = new ArrayList<>(List.of("--id", "n1", "--data-dir", dir.toString()));
    args.addAll(List.of(flags));
    new CommandLine(command).parseArgs(args.toArray(String[]::new));
    return command.toConfig();
  }

  @Test
  void withoutTheFlagAFounderAdvertisesItsClientBindAndItsClusterEntry() throws Exception {
    ServerConfig c = config("--peer", "10.0.0.1:7001", "--client", "10.0.0.1:8001", "--cluster", FOUNDERS);

    assertThat(c.advertiseClientUrl()).isEqualTo("http://10.0.0.1:8001");
    assertThat(c.cluster().members().get("n1").getHostString()).isEqualTo("10.0.0.1");
  }

  @Test
  void aWildcardBoundFounderAdvertisesTheGivenUrl() throws Exception {
    ServerConfig c = config("--peer", "0.0.0.0:7001", "--client", "0.0.0.0:8001", "--cluster", FOUNDERS,
        "--advertise-client-url", "http://n1.example:8001/", "--advertise-peer-address", "10.0.0.1:7001");

    assertThat(c.advertiseClientUrl()).isEqualTo("http://n1.example:8001");
    assertThat(c.clientAddress().getHostString()).isEqualTo("0.0.0.0");
    assertThat(c.peerAddress().getHostString()).isEqualTo("0.0.0.0");
  }

  @Test
  void aWildcardClientBindWithoutAnAdvertisedUrlIsAUsageError() {
    for (String wildcard : List.of("0.0.0.0:8001", "[::]:8001")) {
      Run r = run("--peer", "10.0.0.1:7001", "--client", wildcard, "--cluster", FOUNDERS);

      assertThat(r.code()).as(wildcard).isEqualTo(2);
      assertThat(r.err()).contains("is a wildcard address").contains("--advertise-client-url");
    }
  }

  @Test
  void aMalformedOrWildcardAdvertisedUrlIsAUsageError() {
    for (String url : List.of("10.0.0.1:8001", "ftp://10.0.0.1:8001", "http://10.0.0.1", "http://10.0.0.1:8001/v1",
        "http://0.0.0.0:8001")) {
      Run r = run("--peer", "10.0.0.1:7001", "--client", "0.0.0.0:8001", "--cluster", FOUNDERS,
          "--advertise-client-url", url);

      assertThat(r.code()).as(url).isEqualTo(2);
      assertThat(r.err()).as(url).contains("--advertise-client-url");
    }
  }

  @Test
  void aFounderWhoseAdvertisedPeerAddressDiffersFromItsClusterEntryIsAUsageError() {
    Run r = run("--peer", "0.0.0.0:7001", "--client", "10.0.0.1:8001", "--cluster", FOUNDERS,
        "--advertise-peer-address", "10.9.9.9:7001");

    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("--advertise-peer-address 10.9.9.9:7001 differs from this node's --cluster entry "
        + "n1=10.0.0.1:7001");
  }

  @Test
  void joiningWithAWildcardPeerBindAndNoAdvertisedPeerAddressIsAUsageErrorBeforeAnyMemberIsAsked() {
    // Nothing listens at the --join URL: the flags are refused before the cluster is asked anything.
    Run r = run("--peer", "0.0.0.0:7001", "--client", "10.0.0.1:8001", "--join", "http://127.0.0.1:1");

    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("--peer 0.0.0.0:7001 is a wildcard address").contains("--advertise-peer-address");
  }

  @Test
  void theStoreBudgetFlagsSetTheBoundsAndAutoFollowsTheHeap() throws Exception {
    ServerConfig set = config("--peer", "10.0.0.1:7001", "--client", "10.0.0.1:8001", "--cluster", FOUNDERS,
        "--max-history-bytes", "64MiB", "--quota-bytes", "0");
    assertThat(set.budget().maxHistoryBytes()).isEqualTo(64L << 20);
    assertThat(set.budget().quotaBytes()).as("0 = no quota").isZero();

    ServerConfig auto = config("--peer", "10.0.0.1:7001", "--client", "10.0.0.1:8001", "--cluster", FOUNDERS);
    assertThat(auto.budget()).isEqualTo(StoreBudget.forThisHeap());
  }

  @Test
  void aMalformedStoreBudgetIsAUsageError() {
    Run r = run("--peer", "10.0.0.1:7001", "--client", "10.0.0.1:8001", "--cluster", FOUNDERS,
        "--quota-bytes", "lots");

    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("--quota-bytes 'lots'");
  }
}
