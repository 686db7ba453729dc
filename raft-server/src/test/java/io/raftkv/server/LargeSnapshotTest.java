package io.raftkv.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A snapshot five times the heap is written, sent and installed (issue #11): {@link LargeSnapshotMain}
 * runs in its own JVM with {@code -Xmx64m} and a 320 MiB state. Convincing because the state itself
 * lives in files ({@link FileStateMachine}), so the only way the heap could hold the snapshot is the
 * Raft plumbing (staging, storage, chunked InstallSnapshot, restore) materializing it, and a 320 MiB
 * array cannot exist in a 64 MiB heap: it fails with OutOfMemoryError instead of printing OK.
 */
class LargeSnapshotTest {

  private static final int HEAP_MIB = 64;
  private static final int STATE_MIB = 5 * HEAP_MIB;

  @TempDir Path dir;

  @Test
  void snapshotFiveTimesTheHeapIsWrittenSentAndInstalled() throws Exception {
    String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Path log = dir.resolve("child.log");
    Process p = new ProcessBuilder(javaBin, "-Xmx" + HEAP_MIB + "m", "-XX:+ExitOnOutOfMemoryError",
        "-cp", System.getProperty("java.class.path"), LargeSnapshotMain.class.getName(),
        dir.resolve("data").toString(), Integer.toString(STATE_MIB))
        .redirectErrorStream(true).redirectOutput(log.toFile()).start();
    boolean exited = p.waitFor(15, TimeUnit.MINUTES);
    if (!exited) {
      p.destroyForcibly();
    }
    List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
    String ok = lines.stream().filter(l -> l.startsWith("OK ")).findFirst().orElse(null);
    assertThat(ok).as("child output (last lines): %s", tail(lines)).isNotNull();
    String[] parts = ok.split(" ");
    long stateBytes = Long.parseLong(parts[1]);
    long maxHeap = Long.parseLong(parts[2]);
    assertThat(maxHeap).isLessThanOrEqualTo((HEAP_MIB + 8L) << 20);
    assertThat(stateBytes).isGreaterThanOrEqualTo(4 * maxHeap);
    assertThat(Long.parseLong(parts[4])).as("snapshot bytes").isEqualTo(stateBytes);
    assertThat(p.exitValue()).isZero();
    System.out.println("LargeSnapshotTest: " + ok);
  }

  private static String tail(List<String> lines) {
    return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
  }
}
