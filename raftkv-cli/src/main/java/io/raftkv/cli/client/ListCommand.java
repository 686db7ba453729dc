package io.raftkv.cli.client;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.raftkv.api.Consistency;
import io.raftkv.api.KeyRange;
import io.raftkv.api.KeyValue;
import io.raftkv.api.RangeQuery;
import io.raftkv.api.RangeResult;
import io.raftkv.client.RaftKvClient;
import java.io.PrintWriter;
import java.util.Base64;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code raftkv list [--prefix P | --start A [--end B]] [--after K] [--rev R] [--limit N] [--keys-only]
 * [--count]}: one line per key, "KEY&lt;TAB&gt;VALUE", in key order; --json
 * prints the entries with their revisions.
 */
@Command(name = "list", description = "List keys by prefix.")
public final class ListCommand extends ClientCommand {

  @Option(names = "--prefix", paramLabel = "P", defaultValue = "", description = "Key prefix (default: all keys).")
  String prefix;

  @Option(names = "--limit", paramLabel = "N", defaultValue = "0",
      description = "At most N keys, 1..10000 (default: the server's default, 1000).")
  int limit;

  @Option(names = "--start", paramLabel = "A", description = "First key of a half-open range [A, B) (instead of --prefix).")
  String start;

  @Option(names = "--end", paramLabel = "B", description = "End of the range, exclusive (default: to the last key).")
  String end;

  @Option(names = "--after", paramLabel = "K", description = "Only keys after K (the last key of the previous page).")
  String after;

  @Option(names = "--rev", paramLabel = "R", defaultValue = "0", description = "Read as of revision R (default: now).")
  long revision;

  @Option(names = "--keys-only", description = "Print only the keys.")
  boolean keysOnly;

  @Option(names = "--count", description = "Print only the number of matching keys.")
  boolean count;

  @Option(names = "--serializable", description = "Read without a quorum check (may be stale).")
  boolean serializable;

  @Option(names = "--json", description = "Print a JSON array with revisions.")
  boolean json;

  @Override
  protected int run(RaftKvClient client, PrintWriter out) throws Exception {
    if (limit < 0) {
      throw new UsageException("--limit must be >= 0");
    }
    if (revision < 0) {
      throw new UsageException("--rev must be >= 0");
    }
    if ((start != null || end != null) && !prefix.isEmpty()) {
      throw new UsageException("--prefix and --start/--end are exclusive");
    }
    KeyRange keys = start != null || end != null ? KeyRange.interval(start == null ? "" : start, end)
        : KeyRange.prefix(prefix);
    RangeResult result = client.range(new RangeQuery(keys, after, limit, revision, keysOnly, count),
        serializable ? Consistency.SERIALIZABLE : Consistency.LINEARIZABLE);
    if (count) {
      out.println(result.count());
      return ExitCodes.OK;
    }
    List<KeyValue> kvs = result.kvs();
    if (json) {
      ObjectMapper mapper = new ObjectMapper();
      ArrayNode array = mapper.createArrayNode();
      for (KeyValue kv : kvs) {
        array.addObject().put("key", kv.key()).put("value", kv.valueAsString())
            .put("valueBase64", Base64.getEncoder().encodeToString(kv.value()))
            .put("createRevision", kv.createRevision()).put("modRevision", kv.modRevision())
            .put("version", kv.version());
      }
      out.println(mapper.writeValueAsString(array));
    } else {
      for (KeyValue kv : kvs) {
        out.println(keysOnly ? kv.key() : kv.key() + "\t" + kv.valueAsString());
      }
    }
    if (result.more()) {
      // On stderr, so the listing on stdout stays machine-readable.
      spec.commandLine().getErr().println("(more keys match; raise --limit, or next page: --rev "
          + result.revision() + " --after " + result.next() + ")");
      spec.commandLine().getErr().flush();
    }
    return ExitCodes.OK;
  }
}
