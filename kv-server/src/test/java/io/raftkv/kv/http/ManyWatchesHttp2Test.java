package io.raftkv.kv.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.raftkv.kv.KvCommand;
import io.raftkv.kv.KvLimits;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * 1,000 watches (-Dwatches=N for more; 10,000 pass) multiplexed on two HTTP/2 connections, then a burst of writes: every watch gets every
 * revision, once, in order (SSE ids), while the applier never waits for them.
 */
class ManyWatchesHttp2Test {

  @Test
  void aThousandWatchesEachSeeEveryWriteOfABurstInOrder() throws Exception {
    int watches = Integer.getInteger("watches", 1000);
    int writes = 50;
    try (TestServer server = new TestServer(new KvLimits(4096, 16), 64, watches, true, watches + 10, List.of());
        H2StreamClient a = new H2StreamClient(server.port());
        H2StreamClient b = new H2StreamClient(server.port())) {
      List<H2StreamClient.Stream> streams = new ArrayList<>();
      for (int i = 0; i < watches; i++) {
        streams.add((i % 2 == 0 ? a : b).get("/v1/watch?prefix=burst/", false));
      }
      for (H2StreamClient.Stream s : streams) {
        assertThat(s.headers.get().status().toString()).isEqualTo("200");
      }
      Awaitility.await().until(() -> server.server.openStreams() == watches);
      long first = server.stateMachine.revision() + 1;
      for (int i = 0; i < writes; i++) {
        server.service.write(new KvCommand.Put("burst/" + (i % 7), new byte[] {(byte) i}));
      }
      Awaitility.await().atMost(Duration.ofMinutes(2)).until(() -> streams.stream()
          .allMatch(s -> ids(s.text()).size() >= writes));
      System.gc();
      Runtime rt = Runtime.getRuntime();
      System.out.printf("%d watches open: heap used %d MB (server and test client in one JVM)%n", watches,
          (rt.totalMemory() - rt.freeMemory()) >> 20);
      for (H2StreamClient.Stream s : streams) {
        List<Long> ids = ids(s.text());
        assertThat(ids).hasSize(writes);
        for (int i = 0; i < writes; i++) {
          assertThat(ids.get(i)).isEqualTo(first + i);
        }
      }
    }
  }

  private static List<Long> ids(String body) {
    return H2StreamClient.eventIds(body);
  }
}
