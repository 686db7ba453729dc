package io.raftkv.chaos.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.raftkv.chaos.workload.WatchTap;
import io.raftkv.chaos.workload.WatchWorkload;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Proof that the watch check bites on a real run: two watchers follow the real servers under kills,
 * and a test-only tap makes watcher {@code w1} lose one event message the stream delivered (as a client
 * with a bug would). The check must blame w1 for exactly that revision, and nothing else.
 */
class WatchGapDetectionTest {

  /** The event message w1 loses: late enough that the writers are running, early enough to always come. */
  private static final int LOST_MESSAGE = 40;

  @Test
  void aWatcherThatLosesOneEventIsCaughtAndTheOthersAreNot() {
    Path jar = ChaosFixture.requireRigAndJar();
    AtomicInteger w1Events = new AtomicInteger();
    AtomicInteger lostRevision = new AtomicInteger();
    WatchTap losesOne = (watcher, message) -> {
      if (watcher.equals("w1") && !message.progress() && w1Events.incrementAndGet() == LOST_MESSAGE) {
        lostRevision.set((int) message.revision());
        return null;
      }
      return message;
    };
    RunConfig config = RunConfig.of(3, "kill-random", WorkloadCatalog.WATCH, Duration.ofSeconds(8), 11);
    RunResult r = new ChaosRun(config, jar, ChaosFixture.workDir().resolve("watch-gap"),
        prefix -> new WatchWorkload(prefix, 2, losesOne)).execute();
    ChaosReport.add(r, ChaosFixture.report());

    assertThat(lostRevision.get()).as("w1 lost a message; run: %s", r.explain()).isPositive();
    assertThat(r.watch().violations()).as(r.explain()).isNotEmpty()
        .allMatch(v -> v.startsWith("w1: "), "only w1 is blamed")
        .anyMatch(v -> v.contains("[" + lostRevision.get() + "]"));
    assertThat(r.watch().eventsChecked()).isPositive();
    assertThat(r.linearizable()).isEqualTo("LINEARIZABLE");
    assertThat(r.clean()).isFalse();
  }
}
