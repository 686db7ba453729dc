package io.raftkv.server;

import io.raftkv.server.LoopEvent.Applied;
import io.raftkv.server.LoopEvent.Inbound;
import io.raftkv.server.LoopEvent.Persisted;
import io.raftkv.server.LoopEvent.Propose;
import io.raftkv.server.LoopEvent.ProposeConf;
import io.raftkv.server.LoopEvent.Read;
import io.raftkv.server.LoopEvent.SnapshotTaken;
import io.raftkv.server.LoopEvent.StatusQuery;
import io.raftkv.server.LoopEvent.Stop;
import io.raftkv.server.LoopEvent.Transfer;
import io.raftkv.server.LoopEvent.Unreachable;

import io.raftkv.raft.Config;
import io.raftkv.raft.ProposalDroppedException;
import io.raftkv.raft.RaftNode;
import io.raftkv.raft.ReadOnlyOption;
import io.raftkv.raft.Ready;
import io.raftkv.raft.SendNow;
import io.raftkv.raft.SoftState;
import io.raftkv.raft.Status;
import io.raftkv.raft.log.WritableStorage;
import io.raftkv.raft.proto.ConfChange;
import io.raftkv.raft.proto.Entry;
import io.raftkv.raft.proto.Message;
import io.raftkv.server.events.EventHub;
import io.raftkv.server.events.EventPublisher;
import io.raftkv.server.transport.InboundHandler;
import io.raftkv.server.transport.Transport;
import java.security.SecureRandom;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one Raft node: a single event-loop thread owns the deterministic {@link RaftNode} and feeds it
 * ticks, peer messages, proposals and reads; the {@link Persister} thread makes each Ready durable; the
 * {@link Applier} thread applies committed entries and serves reads; the {@link Transport} moves messages.
 *
 * <p>Threads hand work to each other only through queues, so the core needs no locks. Invariants:
 * <ul>
 *   <li>Up to {@link #MAX_INFLIGHT_READIES} Readies are outstanding (asynchronous storage writes): the
 *       loop hands the next one to the Persister while earlier ones are still being written, and the
 *       Persister completes them in order. A Ready's {@code messagesAfterPersist} leave only after the
 *       Persister reports it (and so every earlier one) durable, and only then is
 *       {@link RaftNode#advance(Ready)} called, in hand-out order (persist before send). A Ready that needs
 *       no sync completes at once only if none is in flight; otherwise it queues behind them.
 *   <li>Nothing that promises nothing durable waits for a disk (issue #10): every pass of the loop sends
 *       {@link RaftNode#takeSendNow()}'s messages (heartbeats, appends, read rounds, heartbeat acks) and
 *       hands its confirmed reads to the applier, also while a Ready is outstanding, so a slow fsync
 *       neither silences the leader nor delays reads.
 *   <li>Committed entries reach the applier in log order: those already durable in the local log when
 *       their Ready is taken ({@link DurablePrefix}) at once, the rest after the
 *       Ready that carried them is durable.
 *   <li>All reads that arrive during one pass of the loop share one ReadIndex round ({@link ReadBatches}).
 * </ul>
 */
public final class RaftDriver implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(RaftDriver.class);
  private static final int INBOX_CAPACITY = 200_000;
  private static final int MAX_EVENTS_PER_PASS = 4_096;
  /**
   * Committed payload the applier may have queued and not yet applied. Without a bound, a node replaying
   * a long log after a restart handed the applier every committed entry at once and ran out of heap
   * (found by the chaos suite: 3-node kill-leader with large set values, -Xmx256m).
   */
  public static final long MAX_UNAPPLIED_BYTES = 32L << 20;
  /**
   * Readies the Persister may hold at once. Four lets the leader write the next batch while one or two
   * fsyncs are queued, and bounds the entries waiting for the disk to what arrived in four loop passes.
   */
  static final int MAX_INFLIGHT_READIES = 4;

  private final String id;
  private final NodeOptions options;
  private final RaftNode node;
  private final Transport transport;
  private final Persister persister;
  private final Applier applier;
  /** Unbounded for the loop's own completions; {@link #offer} bounds what outsiders may queue. */
  private final BlockingQueue<LoopEvent> inbox = new LinkedBlockingQueue<>();
  private final Thread loop;
  private final ReadBatches reads = new ReadBatches();
  private final DriverStats stats = new DriverStats();
  /** The live event feed; the loop publishes, subscribers read ({@link #events()}). */
  private final EventPublisher events;

  private final InFlightWrites inFlight;
  private long ticks;
  private volatile SoftState softState = new SoftState(null, io.raftkv.raft.StateRole.FOLLOWER);
  private volatile boolean running = true;
  private volatile Throwable fatal;

  /**
   * Creates a node over {@code storage} (already bootstrapped or recovered); call {@link #start()} next.
   */
  public RaftDriver(String id, NodeOptions options, WritableStorage storage, Transport transport,
      StateMachine stateMachine) {
    this.id = id;
    this.options = options;
    this.transport = transport;
    this.persister = new Persister(id, storage, this::fail);
    long applied = storage.snapshotMetadata().index();
    Config config = Config.builder(id, new SplittableRandom(new SecureRandom().nextLong()))
        .electionTick(options.electionTick())
        .heartbeatTick(options.heartbeatTick())
        .applied(applied)
        .checkQuorum(options.checkQuorum())
        .preVote(options.preVote())
        .readOnlyOption(options.leaseReads() ? ReadOnlyOption.LEASE_BASED : ReadOnlyOption.SAFE)
        .leaseTicks(Math.max(1, options.electionTick() * 4 / 5))
        .maxUnappliedBytes(MAX_UNAPPLIED_BYTES)
        .maxInflightReadies(MAX_INFLIGHT_READIES)
        .build();
    this.node = RaftNode.create(config, storage);
    this.inFlight = new InFlightWrites(storage.lastIndex());
    this.events = new EventPublisher(options.tick().toMillis(), options.heartbeatInterval().toMillis(),
        System::currentTimeMillis);
    this.applier = new Applier(id, stateMachine, storage, persister, options, node.status().confState(),
        this::fail, index -> inbox.add(new Applied(index)), snap -> inbox.add(new SnapshotTaken(snap)));
    this.loop = new Thread(this::run, "raft-loop-" + id);
  }

  public void start() {
    applier.start();
    transport.start(new InboundHandler() {
      @Override
      public void onMessage(Message m) {
        // A full inbox drops peer traffic; Raft retransmits, and memory stays bounded.
        offer(new Inbound(m));
      }

      @Override
      public void onUnreachable(String peerId) {
        offer(new Unreachable(peerId));
      }
    });
    loop.start();
  }

  public String id() {
    return id;
  }

  /**
   * Proposes a command. The future completes when the core accepted it (appended at the leader, or
   * forwarded to it) and fails with {@link ProposalDroppedException} when it was certainly not appended.
   * The outcome of the command itself is learned by applying it.
   */
  public CompletableFuture<Void> propose(byte[] data) {
    CompletableFuture<Void> f = new CompletableFuture<>();
    if (!offer(new Propose(data, f))) {
      f.completeExceptionally(new OverloadedException("event queue full"));
    }
    return f;
  }

  public CompletableFuture<Void> proposeConfChange(ConfChange change) {
    CompletableFuture<Void> f = new CompletableFuture<>();
    if (!offer(new ProposeConf(change, f))) {
      f.completeExceptionally(new OverloadedException("event queue full"));
    }
    return f;
  }

  /**
   * A linearizable read barrier (thesis §6.4): completes, on the applier thread, once leadership was
   * confirmed and the state machine has applied up to the read index. Completes never if the round
   * fails; the caller applies its own timeout (batches are also expired after two election timeouts).
   */
  public CompletableFuture<Long> readBarrier() {
    CompletableFuture<Long> f = new CompletableFuture<>();
    if (!offer(new Read(f))) {
      f.completeExceptionally(new OverloadedException("event queue full"));
    }
    return f;
  }

  public void transferLeadership(String transferee) {
    offer(new Transfer(transferee));
  }

  /** Bytes of committed entries waiting in the applier's queue (metrics, readiness, tests). */
  public long applyBacklogBytes() {
    return applier.queuedBytes();
  }

  /** The last log index handed to the Persister, written or still queued (for tests). */
  long lastIndexHandedToStorage() {
    return persister.submittedLastIndex();
  }

  /** The core's status, taken on the event loop. */
  public CompletableFuture<Status> status() {
    CompletableFuture<Status> f = new CompletableFuture<>();
    if (!offer(new StatusQuery(f))) {
      f.completeExceptionally(new OverloadedException("event queue full"));
    }
    return f;
  }

  /** Counters and progress marks for metrics and liveness probes (cheap, any thread). */
  public DriverStats stats() {
    return stats;
  }

  /** The node's live events and status snapshots (the dashboard feed); subscribing never slows the loop. */
  public EventHub events() {
    return events.hub();
  }

  /** Leader and role as of the last Ready (cheap, any thread). */
  public SoftState softState() {
    return softState;
  }

  public long lastApplied() {
    return applier.lastApplied();
  }

  /**
   * Makes a snapshot of everything applied so far current and durable (a backup's source; reuses the
   * current snapshot when nothing was applied since) and completes with its metadata; read its data with
   * the storage's {@link io.raftkv.raft.log.WritableStorage#openSnapshot}. Applying pauses while the
   * state machine streams its state.
   */
  public CompletableFuture<io.raftkv.raft.proto.SnapshotMetadata> snapshotNow() {
    return applier.snapshotNow();
  }

  /** How long applying paused for the latest snapshot, in microseconds (0 before the first). */
  public long lastSnapshotPauseMicros() {
    return applier.lastSnapshotPauseMicros();
  }

  /** Non-null once the node stopped itself because storage or the state machine failed. */
  public Throwable fatalError() {
    return fatal;
  }

  private boolean offer(LoopEvent e) {
    return running && inbox.size() < INBOX_CAPACITY && inbox.offer(e);
  }

  private void run() {
    long tickNanos = options.tick().toNanos();
    long nextTick = System.nanoTime() + tickNanos;
    try {
      while (running) {
        long wait = nextTick - System.nanoTime();
        LoopEvent e = wait > 0 ? inbox.poll(wait, TimeUnit.NANOSECONDS) : inbox.poll();
        int handled = 0;
        while (e != null) {
          if (e instanceof Stop) {
            running = false;
            break;
          }
          handle(e);
          if (++handled >= MAX_EVENTS_PER_PASS) {
            break;
          }
          e = inbox.poll();
        }
        reads.flush(ticks, batch -> {
          stats.readIndexRound();
          node.readIndex(batch);
        });
        long now = System.nanoTime();
        stats.loopPassed(now);
        while (now - nextTick >= 0) {
          node.tick();
          ticks++;
          nextTick += tickNanos;
        }
        if (ticks % 16 == 0) {
          reads.expire(ticks, 2L * options.electionTick());
        }
        processReady();
        events.afterPass(node, ticks, applier::lastApplied);
      }
    } catch (InterruptedException ie) {
      Thread.currentThread().interrupt();
    } catch (Throwable t) {
      log.error("raft event loop failed", t);
      fail(t);
    }
  }

  private void handle(LoopEvent e) {
    if (e instanceof Inbound in) {
      events.received(in.message());
      try {
        node.step(in.message());
      } catch (IllegalArgumentException malformed) {
        // The core rejected the message and left its state unchanged: drop it, keep serving.
        log.warn("dropped malformed message from {}: {}", in.message().from(), malformed.getMessage());
      }
    } else if (e instanceof Propose p) {
      try {
        node.propose(p.data());
        p.accepted().complete(null);
      } catch (ProposalDroppedException dropped) {
        stats.proposalDropped();
        p.accepted().completeExceptionally(dropped);
      }
    } else if (e instanceof Read r) {
      reads.add(r.confirmed());
    } else if (e instanceof Persisted p) {
      inFlight.completeOldest(p.ready());
      onPersisted(p.ready(), p.appliedEarly());
    } else if (e instanceof Applied a) {
      node.appliedTo(a.index()); // frees apply budget: the next Ready may hand out more committed entries
    } else if (e instanceof Unreachable u) {
      node.reportUnreachable(u.peer());
    } else if (e instanceof ProposeConf p) {
      try {
        node.proposeConfChange(p.change());
        p.accepted().complete(null);
      } catch (ProposalDroppedException | IllegalArgumentException refused) {
        p.accepted().completeExceptionally(refused);
      }
    } else if (e instanceof Transfer t) {
      try {
        node.transferLeadership(t.transferee());
      } catch (IllegalArgumentException notAVoter) {
        log.warn("leadership transfer refused: {}", notAVoter.getMessage());
      }
    } else if (e instanceof StatusQuery q) {
      q.result().complete(node.status());
    } else if (e instanceof SnapshotTaken t) {
      events.snapshotTaken(t.metadata().index(), t.metadata().term());
    } else if (e instanceof Stop) {
      running = false;
    }
  }

  private void processReady() {
    drainSendNow();
    if (!node.hasReady()) {
      return;
    }
    Ready rd = node.ready();
    if (rd.softState() != null) {
      SoftState old = softState;
      softState = rd.softState();
      if (old.role() != rd.softState().role() || !java.util.Objects.equals(old.leaderId(), rd.softState().leaderId())) {
        log.info("{} is now {} (leader {})", id, rd.softState().role(), rd.softState().leaderId());
      }
      if (rd.softState().leaderId() != null && !rd.softState().leaderId().equals(old.leaderId())) {
        stats.leaderChanged();
      }
    }
    for (Message m : rd.messagesToSendNow()) {
      send(m);
    }
    reads.confirmed(rd.readStates(), applier);
    int early = inFlight.appliableEarly(rd);
    boolean queued = rd.mustSync() || !inFlight.isEmpty();
    if (rd.hardState() != null) {
      stats.hardState(rd.hardState());
    }
    // Handed to the Persister before its early entries reach the applier, so that a snapshot the applier
    // takes after them is written behind this Ready's commitIndex.
    if (queued) {
      if (inFlight.isEmpty()) {
        stats.persistStarted(System.nanoTime());
      }
      inFlight.add(rd, early);
      persister.persist(rd, () -> inbox.add(new Persisted(rd, early)));
    } else if (rd.hardState() != null) {
      // Only commitIndex changed (Ready#mustSync): write it without an fsync; the next sync makes it durable.
      persister.writeLazily(rd.hardState());
    }
    if (early > 0) {
      List<Entry> committed = rd.committedEntries();
      applier.apply(committed.subList(0, early), early == committed.size() ? rd.confState() : null);
    }
    if (!queued) {
      inFlight.completed(rd);
      onPersisted(rd, early);
    }
  }

  /** Sends what may leave before any disk write and serves confirmed reads; any time, every pass. */
  private void drainSendNow() {
    if (!node.hasSendNow()) {
      return;
    }
    SendNow now = node.takeSendNow();
    for (Message m : now.messages()) {
      send(m);
    }
    reads.confirmed(now.readStates(), applier);
  }

  private void send(Message m) {
    events.sent(m);
    transport.send(m);
  }

  private void onPersisted(Ready rd, int appliedEarly) {
    for (Message m : rd.messagesAfterPersist()) {
      send(m);
    }
    node.advance(rd);
    // Liveness (DriverStats): the oldest write in flight has waited since the previous one completed.
    if (inFlight.isEmpty()) {
      stats.persistDone();
    } else {
      stats.persistStarted(System.nanoTime());
    }
    if (rd.snapshot() != null) {
      stats.snapshotInstalled();
      applier.restore(rd.snapshot());
    }
    List<Entry> committed = rd.committedEntries();
    if (appliedEarly == 0 || appliedEarly < committed.size()) {
      applier.apply(committed.subList(appliedEarly, committed.size()), rd.confState());
    }
    processReady();
  }

  private void fail(Throwable t) {
    if (fatal == null) {
      fatal = t;
    }
    running = false;
    inbox.offer(new Stop());
  }

  @Override
  public void close() {
    running = false;
    inbox.offer(new Stop());
    try {
      loop.join(10_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    try {
      transport.close();
    } catch (Exception e) {
      log.warn("closing transport", e);
    }
    persister.close();
    applier.close();
    reads.failAll();
  }
}
