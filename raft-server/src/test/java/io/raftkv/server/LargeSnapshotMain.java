package io.raftkv.server;

import static org.awaitility.Awaitility.await;

import io.raftkv.raft.proto.ConfState;
import io.raftkv.server.transport.InMemoryNetwork;
import io.raftkv.storage.DurableStorage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Run by {@link LargeSnapshotTest} in a JVM with a small {@code -Xmx}: three node runtimes (event loops,
 * fsynced {@link DurableStorage}, appliers) over the in-memory transport, one follower cut off while
 * the others' {@link FileStateMachine} grows to {@code stateMiB}; the leader snapshots (streaming the
 * state into a staged file) and compacts, and the healed follower must catch up by InstallSnapshot
 * (chunks read from the leader's snapshot file, written to its incoming file, then streamed into its
 * state machine). Prints {@code OK <state bytes> <max heap>} and exits 0 when the follower's state has
 * the leader's SHA-256; any array holding the whole snapshot would throw OutOfMemoryError instead.
 */
public final class LargeSnapshotMain {

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args[0]);
    int stateMiB = Integer.parseInt(args[1]);
    int stepMiB = 32;
    List<String> ids = List.of("n1", "n2", "n3");
    InMemoryNetwork network = new InMemoryNetwork(7);
    NodeOptions options = NodeOptions.defaults().withTimeouts(Duration.ofSeconds(3), Duration.ofMillis(100))
        .withSnapshotEntries(stateMiB / stepMiB, 0);
    Map<String, RaftDriver> drivers = new LinkedHashMap<>();
    Map<String, FileStateMachine> machines = new LinkedHashMap<>();
    Map<String, DurableStorage> storages = new LinkedHashMap<>();
    for (String id : ids) {
      DurableStorage storage = DurableStorage.open(dir.resolve(id), DurableStorage.Options.defaults());
      storage.bootstrap(ConfState.ofVoters(Set.copyOf(ids)));
      FileStateMachine sm = new FileStateMachine(dir.resolve(id + ".state"));
      RaftDriver d = new RaftDriver(id, options, storage, network.transport(id), sm);
      storages.put(id, storage);
      machines.put(id, sm);
      drivers.put(id, d);
      d.start();
    }
    String leader = Leaders.await(drivers.values());
    String lagging = ids.stream().filter(id -> !id.equals(leader)).findFirst().orElseThrow();
    network.isolate(lagging);
    for (int grown = 0; grown < stateMiB; grown += stepMiB) {
      drivers.get(leader).propose(("grow " + stepMiB).getBytes(StandardCharsets.UTF_8)).get(120, TimeUnit.SECONDS);
    }
    long lastIndex = drivers.get(leader).status().get().lastIndex();
    await().atMost(Duration.ofMinutes(5)).until(() -> storages.get(leader).firstIndex() > lastIndex - 1);
    long snapshotBytes = storages.get(leader).snapshotMetadata().sizeBytes();
    network.heal();
    await().atMost(Duration.ofMinutes(10)).pollInterval(Duration.ofMillis(200))
        .until(() -> drivers.get(lagging).lastApplied() >= lastIndex);
    FileStateMachine expected = machines.get(leader);
    FileStateMachine installed = machines.get(lagging);
    if (!storages.get(lagging).snapshotMetadata().isEmpty()
        && installed.sizeBytes() == expected.sizeBytes() && installed.sha256().equals(expected.sha256())) {
      System.out.println("OK " + installed.sizeBytes() + " " + Runtime.getRuntime().maxMemory() + " snapshot "
          + snapshotBytes + " pause-us " + drivers.get(leader).lastSnapshotPauseMicros());
    } else {
      System.out.println("MISMATCH leader " + expected.sizeBytes() + " follower " + installed.sizeBytes());
    }
    for (String id : ids) {
      drivers.get(id).close();
      storages.get(id).close();
    }
    System.exit(0);
  }
}
