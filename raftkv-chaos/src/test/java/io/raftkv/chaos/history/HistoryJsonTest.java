package io.raftkv.chaos.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HistoryJsonTest {

  @TempDir
  Path dir;

  /** One operation of every call type, outcome, and reply shape, including absent values. */
  static History everyShape() {
    return new History(Map.of("workload", "mixed", "seed", "42"), List.of(
        Operation.ok(0, 1, new Call.Write("k", "v1"), 10, 20, null),
        Operation.ok(1, 2, new Call.Read("k"), 11, 21, new Reply.Value("v1")),
        Operation.ok(2, 2, new Call.Read("gone"), 22, 23, Reply.Value.absent()),
        Operation.fail(3, 3, new Call.Cas("k", "v0", "v2"), 12, 22, "412"),
        Operation.unknown(4, 4, new Call.Cas("k", null, "v3"), 13, 50, "504"),
        Operation.ok(5, 1, new Call.Delete("k"), 30, 40, null),
        Operation.ok(6, 5, new Call.SetAdd("s", "e1"), 1, 2, null),
        Operation.ok(7, 5, new Call.SetRead("s"), 3, 4, new Reply.Elements(Set.of("e1"))),
        Operation.ok(8, 6, new Call.BankInit(Map.of("a", 10L, "b", 0L)), 0, 1, null),
        Operation.unknown(9, 6, new Call.Transfer("a", "b", 3), 2, 9, "connection reset"),
        Operation.ok(10, 7, new Call.BankRead(), 5, 6, new Reply.Balances(Map.of("a", 7L, "b", 3L)))));
  }

  @Test
  void roundTripsEveryShapeThroughAFile() throws Exception {
    History h = everyShape();
    Path file = dir.resolve("runs/one/history.json");
    HistoryJson.write(file, h);
    History back = HistoryJson.read(file);
    assertThat(back).isEqualTo(h);
    assertThat(back.operations().get(2).reply()).isEqualTo(Reply.Value.absent());
    try (var files = Files.list(file.getParent())) {
      assertThat(files).containsExactly(file);
    }
  }

  @Test
  void fileIsReadableJsonWithTypeTags() {
    String json = HistoryJson.toJson(everyShape());
    assertThat(json).contains("\"format\" : \"raftkv-history/1\"")
        .contains("\"type\" : \"cas\"")
        .contains("\"outcome\" : \"UNKNOWN\"")
        .doesNotContain("\"read\" : true");
  }

  @Test
  void malformedInputGetsAClearError() {
    assertThatThrownBy(() -> HistoryJson.fromJson("{not json"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("malformed history JSON");
    assertThatThrownBy(() -> HistoryJson.fromJson("{\"format\":\"other\",\"operations\":[]}"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("expected format \"raftkv-history/1\"");
    assertThatThrownBy(() -> HistoryJson.fromJson("{\"format\":\"raftkv-history/1\"}"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no \"operations\"");
  }

  @Test
  void invalidOperationsAreRejectedOnLoad() {
    String backwards = HistoryJson.toJson(new History(List.of(
        Operation.ok(0, 1, new Call.Write("k", "v"), 10, 20, null))))
        .replace("\"completeNanos\" : 20", "\"completeNanos\" : 5");
    assertThatThrownBy(() -> HistoryJson.fromJson(backwards))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("completes (5) before it is invoked (10)");
    String unknownType = HistoryJson.toJson(new History(List.of(
        Operation.ok(0, 1, new Call.Write("k", "v"), 10, 20, null))))
        .replace("\"write\"", "\"frobnicate\"");
    assertThatThrownBy(() -> HistoryJson.fromJson(unknownType))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("frobnicate");
  }

  @Test
  void missingFileIsAnIoError() {
    assertThatThrownBy(() -> HistoryJson.read(dir.resolve("nope.json")))
        .isInstanceOf(java.io.UncheckedIOException.class)
        .hasMessageContaining("nope.json");
  }

  @Test
  void operationInvariantsAreEnforced() {
    assertThatThrownBy(() -> Operation.ok(0, 1, new Call.Read("k"), 0, 1, null))
        .hasMessageContaining("OK read 0 read(k) has no reply");
    assertThatThrownBy(() -> Operation.ok(0, 1, new Call.Read("k"), 0, 1, new Reply.Elements(Set.of())))
        .hasMessageContaining("cannot reply Elements");
    assertThatThrownBy(() -> Operation.unknown(0, 1, new Call.Read("k"), 0, 1, null)
        .equals(new Operation(0, 1, new Call.Read("k"), 0, 1, Outcome.UNKNOWN, Reply.Value.absent(), null)))
        .hasMessageContaining("only OK reads carry a reply");
    assertThatThrownBy(() -> new Call.Transfer("a", "a", 1)).hasMessageContaining("to itself");
    assertThatThrownBy(() -> new Call.Write("", "v")).hasMessageContaining("key must be");
    assertThatThrownBy(() -> new History(List.of(
        Operation.ok(0, 1, new Call.Write("k", "v"), 0, 1, null),
        Operation.ok(0, 1, new Call.Write("k", "w"), 0, 1, null))))
        .hasMessageContaining("duplicate operation id 0");
  }
}
