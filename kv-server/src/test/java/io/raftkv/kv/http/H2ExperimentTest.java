package io.raftkv.kv.http;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.netty.handler.codec.http.HttpMethod;
import io.raftkv.kv.KvLimits;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.RepeatedTest;

class H2ExperimentTest {
  @RepeatedTest(10)
  void many() throws Exception {
    try (TestServer server = new TestServer(new KvLimits(1024, 16), 1000, 100);
        H2cClient h2 = new H2cClient(server.port())) {
      List<CompletableFuture<H2cClient.Response>> puts = new ArrayList<>();
      for (int i = 0; i < 300; i++) {
        puts.add(h2.send(HttpMethod.PUT, "/v1/kv/h2/" + i, ("value-" + i).getBytes(UTF_8), Map.of()));
      }
      for (CompletableFuture<H2cClient.Response> f : puts) {
        assertThat(f.get(20, TimeUnit.SECONDS).status()).isEqualTo(200);
      }
    }
  }
}
