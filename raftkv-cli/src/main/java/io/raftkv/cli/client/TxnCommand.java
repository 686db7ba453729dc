package io.raftkv.cli.client;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.raftkv.api.ApiJson;
import io.raftkv.api.TxnResult;
import io.raftkv.client.RaftKvClient;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code raftkv txn [--file F]}: sends a transaction in the server's JSON format (docs/API.md) read from
 * F or stdin, and prints the answer as JSON. A transaction whose comparisons fail is not an error (exit 0,
 * {@code "succeeded": false}), as in etcdctl.
 */
@Command(name = "txn",
    description = "Run a transaction given as JSON (file or stdin); prints the JSON answer.")
public final class TxnCommand extends ClientCommand {

  /** Upper bound on the input, well above the server's request limit, so a runaway pipe cannot exhaust memory. */
  private static final int MAX_INPUT_BYTES = 64 << 20;

  @Option(names = {"-f", "--file"}, paramLabel = "F", description = "Read the transaction from F (default: stdin).")
  Path file;

  private final InputStream stdin;

  public TxnCommand() {
    this(System.in);
  }

  /** For tests and embedding: reads the transaction from {@code stdin} when no --file is given. */
  public TxnCommand(InputStream stdin) {
    this.stdin = stdin;
  }

  @Override
  protected int run(RaftKvClient client, PrintWriter out) throws IOException {
    byte[] input = readInput();
    ObjectMapper mapper = new ObjectMapper();
    JsonNode parsed;
    try {
      parsed = mapper.readTree(input);
    } catch (JsonProcessingException e) {
      throw new UsageException("transaction is not valid JSON: " + e.getOriginalMessage());
    }
    if (parsed == null || !parsed.isObject()) {
      throw new UsageException("transaction must be a JSON object");
    }
    TxnResult result = client.txnJson(mapper.writeValueAsBytes(parsed));
    out.println(mapper.writerWithDefaultPrettyPrinter().writeValueAsString(ApiJson.txnResultJson(result)));
    return ExitCodes.OK;
  }

  private byte[] readInput() throws IOException {
    if (file != null) {
      if (!Files.isRegularFile(file)) {
        throw new UsageException("no such file: " + file);
      }
      if (Files.size(file) > MAX_INPUT_BYTES) {
        throw new UsageException("transaction file larger than " + MAX_INPUT_BYTES + " bytes: " + file);
      }
      return Files.readAllBytes(file);
    }
    byte[] input = stdin.readNBytes(MAX_INPUT_BYTES + 1);
    if (input.length > MAX_INPUT_BYTES) {
      throw new UsageException("transaction on stdin larger than " + MAX_INPUT_BYTES + " bytes");
    }
    return input;
  }
}
