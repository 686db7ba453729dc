package io.raftkv.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.raftkv.raft.Ready;
import io.raftkv.raft.log.MemoryStorage;
import io.raftkv.raft.proto.Entry;
import io.raftkv.raft.proto.HardState;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The Persister's pipeline: Readies queued behind a slow fsync are written in order under one fsync. */
class PersisterTest {

  private final MemoryStorage memory = new MemoryStorage();
  private final GatedStorage disk = new GatedStorage(memory);
  private final List<Throwable> failures = new CopyOnWriteArrayList<>();
  private final Persister persister = new Persister("n1", disk, failures::add);

  @AfterEach
  void close() {
    disk.release();
    persister.close();
  }

  private static Ready withEntry(long index) {
    return new Ready(null, null, List.of(Entry.normal(1, index, new byte[] {(byte) index})), List.of(), null,
        List.of(), null, List.of(), List.of(), List.of(), true);
  }

  @Test
  void readiesQueuedBehindABlockedFsyncShareTheNextOneAndCompleteInOrder() {
    List<Long> done = new CopyOnWriteArrayList<>();
    disk.stall();
    persister.persist(withEntry(1), () -> done.add(1L));
    await().atMost(Duration.ofSeconds(5)).until(() -> disk.blockedSyncs() == 1);
    persister.persist(withEntry(2), () -> done.add(2L));
    Ready commitOnly = new Ready(null, new HardState(1, null, 1), List.of(), List.of(), null, List.of(), null,
        List.of(), List.of(), List.of(), false);
    persister.persist(commitOnly, () -> done.add(0L));
    persister.persist(withEntry(3), () -> done.add(3L));
    assertThat(persister.submittedLastIndex()).isEqualTo(3);
    assertThat(done).as("nothing completes before its fsync").isEmpty();

    disk.release();
    await().atMost(Duration.ofSeconds(5)).until(() -> done.size() == 4);
    assertThat(done).containsExactly(1L, 2L, 0L, 3L);
    assertThat(disk.completedSyncs()).as("one fsync for the first Ready, one for the three queued behind it")
        .isEqualTo(2);
    assertThat(memory.lastIndex()).isEqualTo(3);
    assertThat(memory.hardState().commitIndex()).isEqualTo(1);
    assertThat(failures).isEmpty();
  }
}
