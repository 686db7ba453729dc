package io.raftkv.cli.client;

import io.raftkv.api.Precondition;
import io.raftkv.api.WriteResponse;
import io.raftkv.client.RaftKvClient;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code raftkv put KEY VALUE [--if-match REV | --create-only]}: prints the new revision. */
@Command(name = "put",
    description = "Write a key. Prints the revision of the write.")
public final class PutCommand extends ClientCommand {

  @Parameters(index = "0", paramLabel = "KEY", description = "The key (UTF-8; may contain '/').")
  String key;

  @Parameters(index = "1", paramLabel = "VALUE", description = "The value (UTF-8).")
  String value;

  @ArgGroup(exclusive = true)
  Condition condition;

  static final class Condition {
    @Option(names = "--if-match", paramLabel = "REV",
        description = "Write only if the key's modRevision is REV (exit 1 otherwise).")
    Long ifMatch;

    @Option(names = "--create-only", description = "Write only if the key does not exist (exit 1 otherwise).")
    boolean createOnly;
  }

  @Override
  protected int run(RaftKvClient client, PrintWriter out) {
    Precondition precondition = Precondition.none();
    if (condition != null && condition.ifMatch != null) {
      precondition = Precondition.ifMatch(condition.ifMatch);
    } else if (condition != null && condition.createOnly) {
      precondition = Precondition.ifAbsent();
    }
    WriteResponse result = client.put(key, value.getBytes(StandardCharsets.UTF_8), precondition);
    out.println("OK revision=" + result.revision());
    return ExitCodes.OK;
  }
}
