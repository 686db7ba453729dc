package io.raftkv.server;

import io.raftkv.raft.proto.Entry;
import io.raftkv.raft.proto.EntryType;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Test state machine: the ordered list of applied commands (UTF-8), so tests can compare replicas
 * exactly. Snapshot = the commands joined by '\n'.
 */
final class RecordingStateMachine implements StateMachine {

  final List<String> applied = new CopyOnWriteArrayList<>();
  volatile long lastIndex;
  /** While non-null and closed, apply() waits for it: a slow state machine. */
  volatile java.util.concurrent.CountDownLatch gate;

  @Override
  public void apply(List<Entry> entries) {
    java.util.concurrent.CountDownLatch g = gate;
    if (g != null) {
      try {
        g.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while gated", e);
      }
    }
    for (Entry e : entries) {
      if (e.index() <= lastIndex) {
        throw new AssertionError("entry " + e.index() + " applied twice (lastIndex " + lastIndex + ")");
      }
      lastIndex = e.index();
      if (e.type() == EntryType.NORMAL && e.data().length > 0) {
        applied.add(new String(e.data(), StandardCharsets.UTF_8));
      }
    }
  }

  @Override
  public void snapshot(OutputStream out) throws IOException {
    out.write(String.join("\n", applied).getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public void restore(InputStream in) throws IOException {
    String s = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    List<String> restored = s.isEmpty() ? List.of() : Arrays.asList(s.split("\n", -1));
    applied.clear();
    applied.addAll(new ArrayList<>(restored));
    lastIndex = 0;
  }
}
