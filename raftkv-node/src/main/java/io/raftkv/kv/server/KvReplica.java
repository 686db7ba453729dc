package io.raftkv.kv.server;

import io.raftkv.api.KvResult;
import io.raftkv.kv.IndexedCommand;
import io.raftkv.kv.KvCodecException;
import io.raftkv.kv.KvCommandCodec;
import io.raftkv.kv.KvSnapshotSummary;
import io.raftkv.kv.KvStateMachine;
import io.raftkv.raft.proto.ConfChange;
import io.raftkv.raft.proto.Entry;
import io.raftkv.raft.proto.EntryType;
import io.raftkv.server.SnapshotSections;
import io.raftkv.server.StateMachine;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PushbackInputStream;
import java.io.SequenceInputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Adapts the {@link KvStateMachine} to the Raft runtime: decodes committed entries, applies them in
 * batches, and completes the futures of writes this node proposed.
 *
 * <p>Also the only writer of the replicated {@link MemberTable}: conf change entries (their contexts) and
 * {@link MemberAnnouncement}s update it, and it is saved and restored with the snapshot
 * ({@link MemberTableSection}, before the KV bytes).
 *
 * <p>Invariant: every replica applies exactly the same commands in the same order; what only this node
 * knows (which writes it is waiting for) affects nothing but which futures complete.
 */
final class KvReplica implements StateMachine {

  private static final Logger log = LoggerFactory.getLogger(KvReplica.class);

  static final String KV_SECTION = "kv";
  static final String MEMBERS_SECTION = "members";

  private final KvStateMachine state;
  private final ConcurrentHashMap<RequestId, CompletableFuture<KvResult>> waiting = new ConcurrentHashMap<>();
  /** Written only on the applier thread; read by any. */
  private volatile MemberTable members = MemberTable.EMPTY;
  private volatile Consumer<MemberTable> onMembersChanged = t -> {};

  KvReplica(KvStateMachine state) {
    this.state = state;
  }

  KvStateMachine state() {
    return state;
  }

  /** Registers interest in the outcome of a write before it is proposed. */
  CompletableFuture<KvResult> await(RequestId id) {
    CompletableFuture<KvResult> f = new CompletableFuture<>();
    waiting.put(id, f);
    f.whenComplete((r, e) -> waiting.remove(id, f));
    return f;
  }

  /** The member table as of the last applied entry. */
  MemberTable members() {
    return members;
  }

  /** Called on the applier thread after every change of the member table (transport, members file). */
  void onMembersChanged(Consumer<MemberTable> listener) {
    this.onMembersChanged = listener;
  }

  int waitingCount() {
    return waiting.size();
  }

  @Override
  public void apply(List<Entry> entries) {
    List<IndexedCommand> batch = new ArrayList<>(entries.size());
    List<RequestId> ids = new ArrayList<>(entries.size());
    for (Entry e : entries) {
      if (e.type() == EntryType.CONF_CHANGE || MemberAnnouncement.is(e.data())) {
        flush(batch, ids);
        applyMembership(e);
        state.markApplied(e.index());
        continue;
      }
      RequestId id = e.type() == EntryType.NORMAL ? EntryPayload.requestId(e.data()) : null;
      if (id == null) {
        flush(batch, ids);
        if (e.type() == EntryType.NORMAL && e.data().length > 0) {
          log.error("skipping entry {}: not a KV payload", e.index());
        }
        state.markApplied(e.index());
        continue;
      }
      try {
        batch.add(new IndexedCommand(e.index(), KvCommandCodec.decode(EntryPayload.command(e.data()))));
        ids.add(id);
      } catch (KvCodecException bad) {
        flush(batch, ids);
        log.error("skipping entry {}: {}", e.index(), bad.getMessage());
        state.markApplied(e.index());
      }
    }
    flush(batch, ids);
  }

  private void applyMembership(Entry e) {
    MemberTable next;
    try {
      next = e.type() == EntryType.CONF_CHANGE
          ? members.withConfChange(e.index(), ConfChange.fromBytes(e.data()))
          : members.withAnnouncement(MemberAnnouncement.decode(e.data()));
    } catch (IllegalArgumentException bad) {
      log.error("skipping membership entry {}: {}", e.index(), bad.getMessage());
      return;
    }
    setMembers(next);
  }

  private void setMembers(MemberTable next) {
    if (!next.equals(members)) {
      members = next;
      onMembersChanged.accept(next);
    }
  }

  private void flush(List<IndexedCommand> batch, List<RequestId> ids) {
    if (batch.isEmpty()) {
      return;
    }
    List<KvResult> results = state.applyBatch(batch);
    for (int i = 0; i < results.size(); i++) {
      CompletableFuture<KvResult> f = waiting.get(ids.get(i));
      if (f != null) {
        f.complete(results.get(i));
      }
    }
    batch.clear();
    ids.clear();
  }

  /**
   * Node snapshot = {@link SnapshotSections}: a {@value #KV_SECTION} section holding the KV store's own
   * versioned format. The node layer's other state (the member table) goes in sections of its own before
   * it, written here; a section this build does not know is skipped on restore.
   */
  @Override
  public void snapshot(OutputStream out) throws IOException {
    SnapshotSections.Writer w = new SnapshotSections.Writer(out);
    MemberTable table = members;
    w.section(MEMBERS_SECTION, o -> MemberTableSection.write(table, o));
    w.section(KV_SECTION, state::snapshot);
    w.finish();
  }

  /**
   * Restores a sectioned snapshot, or one written before sections existed (the bare KV format, starting
   * with its own magic), so a node upgraded in place still reads the snapshot it left on disk.
   */
  @Override
  public void restore(InputStream in) throws IOException {
    MemberTable[] table = {MemberTable.EMPTY};
    readSections(in, state::restore, section -> table[0] = MemberTableSection.read(new PushbackInputStream(section, 8)));
    setMembers(table[0]);
  }

  /** Restores {@code target} from a node snapshot read from {@code in} (its member table is not kept). */
  static void restoreKv(InputStream in, KvStateMachine target) throws IOException {
    readSections(in, target::restore, section -> { });
  }

  /** Verifies a node snapshot's KV state (every invariant and checksum) without keeping it (backups). */
  static KvSnapshotSummary verifyKv(InputStream in) throws IOException {
    KvSnapshotSummary[] summary = new KvSnapshotSummary[1];
    readSections(in, kv -> summary[0] = KvStateMachine.verify(kv), section -> { });
    return summary[0];
  }

  /**
   * Copies a node snapshot from {@code in} to {@code out} without its member table (a restore into a new
   * cluster, whose members are not the backed-up cluster's).
   */
  static void copyWithoutMembers(InputStream in, OutputStream out) throws IOException {
    SnapshotSections.Writer w = new SnapshotSections.Writer(out);
    readSections(in, kv -> w.section(KV_SECTION, kv::transferTo), section -> { });
    w.finish();
  }

  private interface SectionReader {
    void read(InputStream section) throws IOException;
  }

  private static void readSections(InputStream in, SectionReader kv, SectionReader memberTable)
      throws IOException {
    byte[] magic = in.readNBytes(4);
    InputStream whole = new SequenceInputStream(new ByteArrayInputStream(magic), in);
    if (!SnapshotSections.startsWithMagic(magic)) {
      kv.read(whole); // written before sections existed: the bare KV format
      return;
    }
    SnapshotSections.Reader r = new SnapshotSections.Reader(whole);
    boolean found = false;
    for (String name = r.next(); name != null; name = r.next()) {
      if (name.equals(KV_SECTION)) {
        kv.read(r.body());
        found = true;
      } else if (name.equals(MEMBERS_SECTION)) {
        memberTable.read(r.body());
      } else {
        log.warn("skipping unknown snapshot section {}", name);
      }
    }
    if (!found) {
      throw new KvCodecException("node snapshot has no " + KV_SECTION + " section");
    }
  }
}
