package io.raftkv.api;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The {@code /v1/events} data lines, pinned against docs/API.md's field names and order. */
class NodeEventTest {

  private static String json(NodeEvent e) {
    return new String(e.json(), UTF_8);
  }

  @Test
  void eventsRenderTheirFieldsInDeclarationOrderWithNodeAndTime() {
    assertThat(json(new NodeEvent.Hello("n1", 5, "http://127.0.0.1:8081", "127.0.0.1:7081")))
        .isEqualTo("{\"node\":\"n1\",\"time\":5,\"clientUrl\":\"http://127.0.0.1:8081\",\"peerAddress\":\"127.0.0.1:7081\"}");
    assertThat(json(new NodeEvent.Election("n2", 6, 3, "pre_vote")))
        .isEqualTo("{\"node\":\"n2\",\"time\":6,\"term\":3,\"cause\":\"pre_vote\"}");
    assertThat(json(new NodeEvent.Leader("n2", 7, 3, null)))
        .isEqualTo("{\"node\":\"n2\",\"time\":7,\"term\":3,\"leader\":null}");
    assertThat(json(new NodeEvent.Dropped("n1", 8, 12))).isEqualTo("{\"node\":\"n1\",\"time\":8,\"count\":12}");
    assertThat(new NodeEvent.StepDown("n1", 1, 2, "check_quorum").type()).isEqualTo("step_down");
  }

  @Test
  void statusCarriesEveryContractField() {
    Map<String, NodeEvent.Progress> progress = new TreeMap<>();
    progress.put("n2", new NodeEvent.Progress(9, 10, "replicate", true));
    NodeEvent.Status s = new NodeEvent.Status("n1", 1, "leader", false, 2, "n1", "n1", 9, 9, 1, 9, 0, 20, 170, 50,
        List.of(new NodeEvent.LogEntryRef(9, 2)), List.of("n1", "n2"), List.of(), progress,
        Map.of("n2", new NodeEvent.MessageRates(20.0, 19.5)), 1.5, 3.0, 0.25);
    assertThat(json(s)).isEqualTo("{\"node\":\"n1\",\"time\":1,\"role\":\"leader\",\"learner\":false,\"term\":2,"
        + "\"votedFor\":\"n1\",\"leader\":\"n1\",\"commitIndex\":9,\"appliedIndex\":9,\"firstIndex\":1,\"lastIndex\":9,"
        + "\"snapshotIndex\":0,\"electionElapsedMs\":20,\"electionTimeoutMs\":170,\"heartbeatIntervalMs\":50,"
        + "\"log\":[{\"index\":9,\"term\":2}],\"voters\":[\"n1\",\"n2\"],\"learners\":[],"
        + "\"progress\":{\"n2\":{\"matchIndex\":9,\"nextIndex\":10,\"state\":\"replicate\",\"recentActive\":true}},"
        + "\"messages\":{\"n2\":{\"sentPerSec\":20.0,\"receivedPerSec\":19.5}},"
        + "\"appliedPerSec\":1.5,\"requestsPerSec\":3.0,\"requestP99Ms\":0.25}");
  }
}
