package io.raftkv.bench;

import io.raftkv.cli.bench.BenchCommand;
import io.raftkv.cli.bench.TargetKinds;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import picocli.CommandLine;

/**
 * Entry point of the bench jar: {@code bench} (raftkv-cli's load tool, {@link BenchCommand}, with etcd added
 * to its targets), {@code load} (write a known data set) and {@code failover} (kill the leader, time the
 * first successful write). JMH runs from the same jar with {@code java -cp bench.jar org.openjdk.jmh.Main}.
 */
@Command(name = "raftkv-bench", mixinStandardHelpOptions = true,
    subcommands = {PreloadCommand.class, FailoverCommand.class}, description = "Compare RaftKV with etcd: load runs and leader failover.")
public final class BenchMain implements Runnable {

  /** The systems every command of this jar can drive: raftkv-cli's, plus etcd. */
  static final TargetKinds TARGETS = TargetKinds.builtIn().with(EtcdTarget.KIND);

  @Spec
  CommandSpec spec;

  private BenchMain() {
  }

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getErr());
  }

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  static CommandLine commandLine() {
    return new CommandLine(new BenchMain()).addSubcommand("bench", new BenchCommand(TARGETS));
  }
}
