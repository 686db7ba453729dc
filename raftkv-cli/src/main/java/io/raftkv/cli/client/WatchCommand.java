package io.raftkv.cli.client;

import io.raftkv.api.ApiError;
import io.raftkv.api.KeyRange;
import io.raftkv.api.WatchEvent;
import io.raftkv.api.WatchResponse;
import io.raftkv.client.RaftKvClient;
import io.raftkv.client.Watch;
import java.io.PrintWriter;
import java.util.concurrent.CompletableFuture;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code raftkv watch KEY | --prefix P [--rev R] [--prev-kv]}: prints one line per event until interrupted,
 * "REVISION&lt;TAB&gt;PUT|DELETE&lt;TAB&gt;KEY&lt;TAB&gt;VALUE" (with --prev-kv a fifth column, the previous
 * value). Resumes on another endpoint when a node fails; a compacted start revision exits 1.
 */
@Command(name = "watch", description = "Print every change to a key or prefix as it happens.")
public final class WatchCommand extends ClientCommand {

  @Parameters(index = "0", arity = "0..1", paramLabel = "KEY", description = "The key.")
  String key;

  @Option(names = "--prefix", paramLabel = "P", description = "Watch every key starting with P.")
  String prefix;

  @Option(names = "--rev", paramLabel = "R", defaultValue = "0",
      description = "Start at revision R, inclusive (default: the next revision).")
  long revision;

  @Option(names = "--prev-kv", description = "Print each key's previous value too.")
  boolean prevKv;

  @Override
  protected int run(RaftKvClient client, PrintWriter out) throws Exception {
    if ((key == null) == (prefix == null)) {
      throw new UsageException("give KEY or --prefix P");
    }
    if (revision < 0) {
      throw new UsageException("--rev must be >= 0");
    }
    KeyRange keys = key != null ? KeyRange.key(key) : KeyRange.prefix(prefix);
    CompletableFuture<ApiError> ended = new CompletableFuture<>();
    try (Watch watch = client.watch(keys, revision, prevKv, new Watch.Listener() {
      @Override
      public void onEvents(WatchResponse response) {
        for (WatchEvent e : response.events()) {
          String line = response.revision() + "\t" + e.type() + "\t" + e.kv().key() + "\t"
              + (e.type() == WatchEvent.Type.PUT ? e.kv().valueAsString() : "");
          out.println(prevKv ? line + "\t" + (e.prevKv() == null ? "" : e.prevKv().valueAsString()) : line);
        }
        out.flush();
      }

      @Override
      public void onEnd(ApiError error) {
        ended.complete(error);
      }
    })) {
      ApiError error = ended.get();
      if (error != null) {
        return fail(ExitCodes.REJECTED, error.error() + ": " + error.message());
      }
    }
    return ExitCodes.OK;
  }
}
