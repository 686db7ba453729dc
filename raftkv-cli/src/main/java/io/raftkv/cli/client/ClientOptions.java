package io.raftkv.cli.client;

import io.raftkv.client.RaftKvClient;
import java.time.Duration;
import java.util.List;
import picocli.CommandLine.Option;

/** Connection options shared by every client command (a picocli mixin). */
public final class ClientOptions {

  @Option(names = "--endpoints", split = ",", paramLabel = "URL",
      defaultValue = ClientDefaults.ENDPOINTS,
      description = "Comma-separated client endpoints (default: ${DEFAULT-VALUE}).")
  List<String> endpoints;

  @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = ClientDefaults.TIMEOUT,
      converter = DurationConverter.class,
      description = "Timeout of one attempt at one endpoint, e.g. 500ms, 5s (default: ${DEFAULT-VALUE}).")
  Duration timeout;

  @Option(names = "--http1", description = "Use HTTP/1.1 keep-alive instead of HTTP/2 cleartext.")
  boolean http1;

  public Duration timeout() {
    return timeout;
  }

  public List<String> endpoints() {
    return endpoints;
  }

  /** A client for these options; IllegalArgumentException names a malformed endpoint. */
  public RaftKvClient newClient() {
    return RaftKvClient.builder().endpoints(endpoints).http2(!http1).requestTimeout(timeout).build();
  }
}
