package io.raftkv.chaos.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.raftkv.chaos.history.Call;
import io.raftkv.chaos.history.History;
import io.raftkv.chaos.history.Operation;
import io.raftkv.chaos.history.Reply;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The report's numbers, computed from generated histories whose answers are known by construction. */
class HistoryStatsTest {

  private static final long MS = 1_000_000;

  @Test
  void countsAvailabilityAndTheLongestWriteOutage() {
    SplittableRandom random = new SplittableRandom(4);
    List<Operation> ops = new ArrayList<>();
    long ok = 0;
    long fail = 0;
    long unknown = 0;
    long outageStart = 4_000 * MS;
    long outageEnd = 4_000 * MS + (1_000 + random.nextInt(3_000)) * MS;
    long t = 0;
    long id = 0;
    long longestGap = 0;
    long lastWrite = 0;
    while (t < 10_000 * MS) {
      t += (1 + random.nextInt(50)) * MS;
      boolean inOutage = t >= outageStart && t < outageEnd;
      int kind = random.nextInt(3);
      Call call = random.nextBoolean() ? new Call.Write("k", "v" + id) : new Call.Read("k");
      if (inOutage || kind == 1) {
        ops.add(Operation.fail(id++, 0, call, t, t + MS, "503"));
        fail++;
      } else if (kind == 2 && !call.isRead()) {
        ops.add(Operation.unknown(id++, 0, call, t, t + MS, "timeout"));
        unknown++;
      } else {
        ops.add(Operation.ok(id++, 0, call, t, t + 2 * MS, call.isRead() ? new Reply.Value("v") : null));
        ok++;
        if (!call.isRead()) {
          longestGap = Math.max(longestGap, t + 2 * MS - lastWrite);
          lastWrite = t + 2 * MS;
        }
      }
    }
    long end = t + 10 * MS;
    longestGap = Math.max(longestGap, end - lastWrite);

    HistoryStats s = HistoryStats.of(new History(ops), 0, end);

    assertThat(s.operations()).isEqualTo(ops.size());
    assertThat(s.ok()).isEqualTo(ok);
    assertThat(s.fail()).isEqualTo(fail);
    assertThat(s.unknown()).isEqualTo(unknown);
    assertThat(s.availability()).isEqualTo((double) ok / ops.size());
    assertThat(s.longestNoWriteMillis()).isEqualTo(longestGap / MS);
    assertThat(s.longestNoWriteMillis()).isGreaterThanOrEqualTo((outageEnd - outageStart) / MS);
    assertThat(s.p50Millis()).isBetween(1.99, 2.01); // every OK op took exactly 2 ms
    assertThat(s.p99Millis()).isBetween(1.99, 2.01);
  }

  @Test
  void noWritesAtAllMeansTheWholeRunIsTheOutage() {
    List<Operation> ops = List.of(Operation.ok(0, 0, new Call.Read("k"), 10 * MS, 11 * MS, Reply.Value.absent()));
    HistoryStats s = HistoryStats.of(new History(ops), 0, 5_000 * MS);
    assertThat(s.longestNoWriteMillis()).isEqualTo(5_000);
  }
}
