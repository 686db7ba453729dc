package io.raftkv.bench;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * Entry point of the bench jar: {@code bench} (the load tool against RaftKV or etcd) and {@code failover}
 * (kill the leader, time the first successful write). JMH runs from the same jar with
 * {@code java -cp bench.jar org.openjdk.jmh.Main}.
 */
@Command(name = "raftkv-bench", mixinStandardHelpOptions = true, subcommands = {LoadCommand.class, FailoverCommand.class},
    description = "Compare RaftKV with etcd: load runs and leader failover.")
public final class BenchMain implements Runnable {

  @picocli.CommandLine.Spec
  picocli.CommandLine.Model.CommandSpec spec;

  private BenchMain() {
  }

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getErr());
  }

  public static void main(String[] args) {
    System.exit(new CommandLine(new BenchMain()).execute(args));
  }
}
