package io.raftkv.chaos.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class HistoryRecorderTest {

  @Test
  void recordsTimesOutcomesAndPendingOperations() {
    AtomicLong clock = new AtomicLong(100);
    HistoryRecorder rec = new HistoryRecorder(clock::get);
    rec.attribute("workload", "register");
    HistoryRecorder.Pending w = rec.invoke(1, new Call.Write("k", "v1"));
    clock.set(150);
    HistoryRecorder.Pending r = rec.invoke(2, new Call.Read("k"));
    clock.set(200);
    w.ok();
    HistoryRecorder.Pending c = rec.invoke(1, new Call.Cas("k", "v0", "v2"));
    clock.set(260);
    r.ok(new Reply.Value("v1"));
    c.fail("412");
    HistoryRecorder.Pending t = rec.invoke(3, new Call.Write("k", "v3"));
    clock.set(300);
    t.unknown("timeout");
    rec.invoke(4, new Call.Write("k", "v4"));
    clock.set(400);

    History h = rec.history();
    assertThat(h.attributes()).containsEntry("workload", "register");
    assertThat(h.operations()).extracting(Operation::outcome).containsExactly(
        Outcome.OK, Outcome.OK, Outcome.FAIL, Outcome.UNKNOWN, Outcome.UNKNOWN);
    Operation read = h.operations().get(1);
    assertThat(read.invokeNanos()).isEqualTo(150);
    assertThat(read.completeNanos()).isEqualTo(260);
    assertThat(read.reply()).isEqualTo(new Reply.Value("v1"));
    assertThat(h.operations().get(4).error()).isEqualTo("pending at end of run");
    assertThat(h.operations().get(4).completeNanos()).isEqualTo(400);
  }

  @Test
  void completingTwiceIsAnError() {
    HistoryRecorder rec = new HistoryRecorder();
    HistoryRecorder.Pending p = rec.invoke(1, new Call.Delete("k"));
    p.ok();
    assertThatThrownBy(() -> p.fail("late")).hasMessageContaining("completed twice");
  }

  @Test
  void concurrentClientsGetUniqueIdsAndEveryOperationIsKept() throws Exception {
    HistoryRecorder rec = new HistoryRecorder();
    int clients = 8;
    int perClient = 500;
    ExecutorService pool = Executors.newFixedThreadPool(clients);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int c = 0; c < clients; c++) {
        int process = c;
        done.add(pool.submit(() -> {
          for (int i = 0; i < perClient; i++) {
            rec.invoke(process, new Call.Write("k" + process, process + "-" + i)).ok();
          }
        }));
      }
      for (Future<?> f : done) {
        f.get();
      }
    } finally {
      pool.shutdownNow();
    }
    History h = rec.history();
    assertThat(h.operations()).hasSize(clients * perClient);
    assertThat(h.operations()).allMatch(o -> o.outcome() == Outcome.OK
        && o.completeNanos() >= o.invokeNanos());
  }
}
