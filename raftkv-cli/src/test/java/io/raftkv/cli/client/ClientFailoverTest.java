package io.raftkv.cli.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.raftkv.api.Consistency;
import io.raftkv.client.RaftKvClient;
import io.raftkv.client.VersionedValue;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The library against real servers that stop while the client holds pooled connections to them: the next
 * requests must go to the remaining server, over both HTTP/1.1 and HTTP/2.
 */
class ClientFailoverTest {

  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void requestsMoveOnWhenTheServerInUseStops(boolean http2) throws Exception {
    LocalServer first = new LocalServer();
    try (LocalServer second = new LocalServer();
        RaftKvClient client = RaftKvClient.builder().endpoints(first.url(), second.url()).http2(http2).build()) {
      client.put("k", "on-first");
      assertThat(client.get("k")).map(VersionedValue::valueAsString).contains("on-first");

      first.close();

      // The stores are independent (no replication here), so where the requests went is visible.
      assertThat(client.get("k")).isEmpty();
      client.put("k", "on-second");
      assertThat(client.get("k", Consistency.SERIALIZABLE)).map(VersionedValue::valueAsString).contains("on-second");
      try (RaftKvClient direct = RaftKvClient.builder().endpoints(second.url()).build()) {
        assertThat(direct.get("k")).map(VersionedValue::valueAsString).contains("on-second");
      }
    } finally {
      first.close();
    }
  }
}
