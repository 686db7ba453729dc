package io.raftkv.bench;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * Entry point of the bench jar: {@code bench} (the load tool against RaftKV or etcd), {@code load} (write a
 * known data set) and {@code failover} (kill the leader, time the first successful write). JMH runs from the
 * same jar with
 * {@code java -cp bench.jar org.openjdk.jmh.Main}.
 */
@Command(name = "raftkv-bench", mixinStandardHelpOptions = true,
    subcommands = {LoadCommand.class, PreloadCommand.class, FailoverCommand.class}, description = "Compare RaftKV with etcd: load runs and leader failover.")
public final class BenchMain implements Runnable {

  @Spec
  CommandSpec spec;

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
