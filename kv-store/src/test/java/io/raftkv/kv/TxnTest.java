package io.raftkv.kv;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.raftkv.api.Compare;
import io.raftkv.api.DeleteRangeResult;
import io.raftkv.api.DeleteResult;
import io.raftkv.api.GetResult;
import io.raftkv.api.KeyRange;
import io.raftkv.api.KeyValue;
import io.raftkv.api.Op;
import io.raftkv.api.PutResult;
import io.raftkv.api.RangeResult;
import io.raftkv.api.TxnResult;
import io.raftkv.api.WatchResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** Transactions: compares (etcd semantics for absent keys), branches, one revision per txn, atomicity. */
class TxnTest {

  private final KvStateMachine sm = new KvStateMachine();
  private long index;

  private TxnResult txn(List<Compare> compares, List<Op> success, List<Op> failure) {
    return (TxnResult) sm.apply(++index, new KvCommand.Txn(compares, success, failure));
  }

  private static byte[] b(String s) {
    return s.getBytes(UTF_8);
  }

  @Test
  void successBranchSharesOneRevisionAndSeesItsOwnWrites() {
    TxnResult r = txn(List.of(), List.of(new Op.Put("a", b("1")), new Op.Put("b", b("2")), new Op.Put("a", b("3")),
        new Op.Get("a"), new Op.Range("", 0)), List.of());
    assertThat(r.succeeded()).isTrue();
    assertThat(r.revision()).isEqualTo(1);
    assertThat(r.results().get(0)).isEqualTo(new PutResult(1, 1, 1, 1));
    assertThat(r.results().get(2)).isEqualTo(new PutResult(1, 1, 1, 2));
    assertThat(((GetResult) r.results().get(3)).kv()).isEqualTo(new KeyValue("a", b("3"), 1, 1, 2));
    assertThat(((RangeResult) r.results().get(4)).kvs()).hasSize(2);
    assertThat(sm.revision()).isEqualTo(1);
  }

  @Test
  void failedCompareRunsFailureBranch() {
    sm.apply(++index, new KvCommand.Put("k", b("v1")));
    TxnResult r = txn(List.of(Compare.value("k", Compare.Result.EQUAL, b("other"))),
        List.of(new Op.Put("k", b("won"))), List.of(new Op.Get("k")));
    assertThat(r.succeeded()).isFalse();
    assertThat(r.revision()).isEqualTo(1);
    assertThat(((GetResult) r.results().get(0)).kv().value()).isEqualTo(b("v1"));
    assertThat(sm.get("k").orElseThrow().value()).isEqualTo(b("v1"));
  }

  @Test
  void compareAndSwapOnModRevision() {
    sm.apply(++index, new KvCommand.Put("k", b("v1")));
    Compare atRev1 = Compare.modRevision("k", Compare.Result.EQUAL, 1);
    assertThat(txn(List.of(atRev1), List.of(new Op.Put("k", b("v2"))), List.of()).succeeded()).isTrue();
    assertThat(txn(List.of(atRev1), List.of(new Op.Put("k", b("v3"))), List.of()).succeeded()).isFalse();
    assertThat(sm.get("k").orElseThrow().value()).isEqualTo(b("v2"));
  }

  @Test
  void absentKeysCompareAsZeroAndValueComparesFail() {
    assertThat(txn(List.of(Compare.version("nope", Compare.Result.EQUAL, 0)), List.of(), List.of()).succeeded())
        .isTrue();
    assertThat(txn(List.of(Compare.createRevision("nope", Compare.Result.LESS, 1)), List.of(), List.of()).succeeded())
        .isTrue();
    assertThat(txn(List.of(Compare.modRevision("nope", Compare.Result.GREATER, 0)), List.of(), List.of())
        .succeeded()).isFalse();
    for (Compare.Result res : Compare.Result.values()) {
      assertThat(txn(List.of(Compare.value("nope", res, b("x"))), List.of(), List.of()).succeeded())
          .as("value %s on absent key", res).isFalse();
    }
  }

  @Test
  void valueComparesAreUnsignedBytewise() {
    sm.apply(++index, new KvCommand.Put("k", new byte[] {(byte) 0x80}));
    assertThat(txn(List.of(Compare.value("k", Compare.Result.GREATER, new byte[] {0x7f})), List.of(), List.of())
        .succeeded()).isTrue();
    assertThat(txn(List.of(Compare.value("k", Compare.Result.LESS, new byte[] {(byte) 0x80, 0})), List.of(),
        List.of()).succeeded()).isTrue();
    assertThat(txn(List.of(Compare.value("k", Compare.Result.NOT_EQUAL, new byte[] {(byte) 0x80})), List.of(),
        List.of()).succeeded()).isFalse();
  }

  @Test
  void readOnlyOrNoOpTxnKeepsRevision() {
    sm.apply(++index, new KvCommand.Put("k", b("v")));
    TxnResult r = txn(List.of(), List.of(new Op.Get("k"), new Op.Delete("absent")), List.of());
    assertThat(r.revision()).isEqualTo(1);
    assertThat(r.results().get(1)).isEqualTo(new DeleteResult(1, false, null));
    TxnResult del = txn(List.of(), List.of(new Op.Delete("k"), new Op.Put("k", b("again"))), List.of());
    assertThat(del.revision()).isEqualTo(2);
    assertThat(del.results().get(1)).isEqualTo(new PutResult(2, 2, 2, 1));
  }

  @Test
  void aRangeDeleteRemovesTheRangeInTheTxnsOneRevision() {
    sm.apply(++index, new KvCommand.Put("tmp/a", b("1")));
    sm.apply(++index, new KvCommand.Put("tmp/b", b("2")));
    sm.apply(++index, new KvCommand.Put("keep", b("3")));
    List<WatchResponse> seen = new ArrayList<>();
    Watcher w = sm.watch(KeyRange.prefix(""), 0, WatchFilter.NONE, false, () -> {});
    TxnResult r = txn(List.of(), List.of(new Op.Put("tmp/c", b("new")),
        new Op.DeleteRange(KeyRange.prefix("tmp/"), true), new Op.Put("after", b("4"))), List.of());
    assertThat(r.revision()).isEqualTo(4);
    // The txn's own put is live when the range delete runs, so it is deleted too.
    assertThat(r.results().get(1)).isEqualTo(new DeleteRangeResult(4, 3, List.of(
        new KeyValue("tmp/a", b("1"), 1, 1, 1), new KeyValue("tmp/b", b("2"), 2, 2, 1),
        new KeyValue("tmp/c", b("new"), 4, 4, 1))));
    assertThat(sm.range("", 0).kvs()).extracting(KeyValue::key).containsExactly("after", "keep");
    seen.addAll(w.poll(10));
    assertThat(seen).hasSize(1);
    assertThat(seen.get(0).revision()).isEqualTo(4);
    assertThat(seen.get(0).events()).extracting(e -> e.type() + " " + e.kv().key())
        .containsExactlyInAnyOrder("DELETE tmp/a", "DELETE tmp/b", "DELETE tmp/c", "PUT after");
  }

  @Test
  void aRangeDeleteRunsInEitherBranchAndMatchingNothingChangesNothing() {
    sm.apply(++index, new KvCommand.Put("b1", b("1")));
    sm.apply(++index, new KvCommand.Put("c1", b("2")));
    TxnResult none = txn(List.of(), List.of(new Op.DeleteRange(KeyRange.interval("x", null), true)), List.of());
    assertThat(none.revision()).isEqualTo(2);
    assertThat(none.results()).containsExactly(new DeleteRangeResult(2, 0));
    TxnResult failed = txn(List.of(Compare.version("b1", Compare.Result.EQUAL, 0)), List.of(),
        List.of(new Op.DeleteRange(KeyRange.interval("", "c"), false), new Op.Get("b1")));
    assertThat(failed.succeeded()).isFalse();
    assertThat(failed.revision()).isEqualTo(3);
    assertThat(failed.results()).containsExactly(new DeleteRangeResult(3, 1), new GetResult(null, 3));
    assertThat(sm.range("", 0).kvs()).extracting(KeyValue::key).containsExactly("c1");
  }

  @Test
  void readersNeverSeeHalfATransaction() throws Exception {
    // Each txn moves one unit between two keys; their sum must be constant for every concurrent reader.
    sm.apply(++index, new KvCommand.Put("acct/a", b("1000")));
    sm.apply(++index, new KvCommand.Put("acct/b", b("0")));
    AtomicBoolean done = new AtomicBoolean();
    AtomicReference<String> violation = new AtomicReference<>();
    AtomicInteger reads = new AtomicInteger();
    List<Thread> readers = new ArrayList<>();
    for (int t = 0; t < 2; t++) {
      Thread reader = new Thread(() -> {
        while (!done.get() && violation.get() == null) {
          RangeResult r = sm.range("acct/", 0);
          int sum = 0;
          for (KeyValue kv : r.kvs()) {
            sum += Integer.parseInt(new String(kv.value(), UTF_8));
          }
          if (sum != 1000 || r.kvs().size() != 2) {
            violation.set("saw sum " + sum + " in " + r.kvs());
          }
          reads.incrementAndGet();
        }
      });
      reader.start();
      readers.add(reader);
    }
    // Keep writing until the readers have overlapped with plenty of writes (bounded in case they starve).
    int writes = 0;
    while ((writes < 1000 || reads.get() < 2000) && writes < 1_000_000 && violation.get() == null) {
      writes++;
      txn(List.of(), List.of(new Op.Put("acct/a", b(Integer.toString(1000 - writes % 1000))),
          new Op.Put("acct/b", b(Integer.toString(writes % 1000)))), List.of());
    }
    done.set(true);
    for (Thread reader : readers) {
      reader.join();
    }
    assertThat(violation.get()).isNull();
    assertThat(reads.get()).isGreaterThanOrEqualTo(2000);
    assertThat(sm.revision()).isEqualTo(2 + writes);
  }
}
