package io.raftkv.cli.client;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.raftkv.api.Consistency;
import io.raftkv.api.KeyRange;
import io.raftkv.api.RangeQuery;
import io.raftkv.client.RaftKvClient;
import io.raftkv.client.VersionedValue;
import java.io.PrintWriter;
import java.util.Base64;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code raftkv get KEY [--rev R] [--serializable] [--json]}: prints the value (UTF-8) or, with --json, an
 * object with key, value, valueBase64 and modRevision; --rev reads the value as of revision R. A missing key
 * exits 1.
 */
@Command(name = "get", description = "Read a key.")
public final class GetCommand extends ClientCommand {

  @Parameters(index = "0", paramLabel = "KEY", description = "The key.")
  String key;

  @Option(names = "--serializable",
      description = "Read the answering node's state without a quorum check (may be stale).")
  boolean serializable;

  @Option(names = "--json", description = "Print JSON with the value and its modRevision.")
  boolean json;

  @Option(names = "--rev", paramLabel = "R", description = "Read the value as of revision R (>= 1).")
  Long revision;

  @Override
  protected int run(RaftKvClient client, PrintWriter out) throws Exception {
    Consistency consistency = serializable ? Consistency.SERIALIZABLE : Consistency.LINEARIZABLE;
    Optional<VersionedValue> value;
    if (revision != null) {
      if (revision < 1) {
        throw new UsageException("--rev must be >= 1");
      }
      value = client.range(new RangeQuery(KeyRange.key(key), null, 1, revision, false, false), consistency)
          .kvs().stream().findFirst().map(kv -> new VersionedValue(key, kv.value(), kv.modRevision()));
    } else {
      value = client.get(key, consistency);
    }
    if (value.isEmpty()) {
      return fail(ExitCodes.REJECTED, "key not found: '" + key + "'");
    }
    if (json) {
      ObjectMapper mapper = new ObjectMapper();
      ObjectNode node = mapper.createObjectNode().put("key", key).put("value", value.get().valueAsString())
          .put("valueBase64", Base64.getEncoder().encodeToString(value.get().value()))
          .put("modRevision", value.get().modRevision());
      out.println(mapper.writeValueAsString(node));
    } else {
      out.println(value.get().valueAsString());
    }
    return ExitCodes.OK;
  }
}
