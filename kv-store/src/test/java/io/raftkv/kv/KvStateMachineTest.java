package io.raftkv.kv;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.raftkv.api.DeleteResult;
import io.raftkv.api.KeyValue;
import io.raftkv.api.KvResult;
import io.raftkv.api.Op;
import io.raftkv.api.Precondition;
import io.raftkv.api.PreconditionFailed;
import io.raftkv.api.PutResult;
import io.raftkv.api.RangeResult;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Single-key operations and etcd's revision rules. */
class KvStateMachineTest {

  private final KvStateMachine sm = new KvStateMachine();
  private long index;

  private KvResult apply(KvCommand cmd) {
    return sm.apply(++index, cmd);
  }

  private static byte[] b(String s) {
    return s.getBytes(UTF_8);
  }

  @Test
  void putCreatesThenUpdatesWithEtcdRevisions() {
    PutResult first = (PutResult) apply(new KvCommand.Put("a", b("1")));
    assertThat(first).isEqualTo(new PutResult(1, 1, 1, 1));
    apply(new KvCommand.Put("b", b("x")));
    PutResult second = (PutResult) apply(new KvCommand.Put("a", b("2")));
    assertThat(second).isEqualTo(new PutResult(3, 3, 1, 2));
    assertThat(sm.get("a")).contains(new KeyValue("a", b("2"), 1, 3, 2));
    assertThat(sm.revision()).isEqualTo(3);
    assertThat(sm.lastApplied()).isEqualTo(3);
  }

  @Test
  void deleteRemovesAndRecreateRestartsVersion() {
    apply(new KvCommand.Put("k", b("v1")));
    apply(new KvCommand.Put("k", b("v2")));
    DeleteResult del = (DeleteResult) apply(new KvCommand.Delete("k"));
    assertThat(del.deleted()).isTrue();
    assertThat(del.revision()).isEqualTo(3);
    assertThat(del.prevKv()).isEqualTo(new KeyValue("k", b("v2"), 1, 2, 2));
    assertThat(sm.get("k")).isEmpty();
    PutResult again = (PutResult) apply(new KvCommand.Put("k", b("v3")));
    assertThat(again).isEqualTo(new PutResult(4, 4, 4, 1));
  }

  @Test
  void deletingAbsentKeyDoesNotBumpRevision() {
    apply(new KvCommand.Put("k", b("v")));
    DeleteResult del = (DeleteResult) apply(new KvCommand.Delete("missing"));
    assertThat(del).isEqualTo(new DeleteResult(1, false, null));
    assertThat(sm.revision()).isEqualTo(1);
    assertThat(sm.lastApplied()).isEqualTo(2);
  }

  @Test
  void ifMatchAppliesOnlyAtTheGivenModRevision() {
    apply(new KvCommand.Put("k", b("v1")));
    KvResult stale = apply(new KvCommand.Put("k", b("v2"), Precondition.ifMatch(7)));
    assertThat(stale).isEqualTo(new PreconditionFailed(1, true, 1));
    KvResult ok = apply(new KvCommand.Put("k", b("v2"), Precondition.ifMatch(1)));
    assertThat(ok).isEqualTo(new PutResult(2, 2, 1, 2));
    KvResult absent = apply(new KvCommand.Put("other", b("x"), Precondition.ifMatch(0)));
    assertThat(absent).isEqualTo(new PreconditionFailed(2, false, 0));
    assertThat(sm.get("other")).isEmpty();
  }

  @Test
  void ifAbsentIsCreateOnly() {
    assertThat(apply(new KvCommand.Put("k", b("v1"), Precondition.ifAbsent()))).isInstanceOf(PutResult.class);
    assertThat(apply(new KvCommand.Put("k", b("v2"), Precondition.ifAbsent())))
        .isEqualTo(new PreconditionFailed(1, true, 1));
    assertThat(sm.get("k").orElseThrow().value()).isEqualTo(b("v1"));
  }

  @Test
  void conditionalDelete() {
    apply(new KvCommand.Put("k", b("v")));
    assertThat(apply(new KvCommand.Delete("k", Precondition.ifMatch(5))))
        .isEqualTo(new PreconditionFailed(1, true, 1));
    assertThat(apply(new KvCommand.Delete("gone", Precondition.ifMatch(1))))
        .isEqualTo(new PreconditionFailed(1, false, 0));
    assertThat(((DeleteResult) apply(new KvCommand.Delete("k", Precondition.ifMatch(1)))).deleted())
        .isTrue();
  }

  @Test
  void rangeByPrefixInUtf8OrderWithLimitAndMore() {
    for (String k : List.of("app/2", "app/10", "apq", "ap", "app/1", "app/\uD83D\uDE00", "app/\uFFFD")) {
      apply(new KvCommand.Put(k, b(k)));
    }
    RangeResult all = sm.range("app/", 0);
    // UTF-8 byte order: U+FFFD (EF BF BD) sorts before U+1F600 (F0 9F 98 80), unlike UTF-16 order.
    assertThat(all.kvs()).extracting(KeyValue::key)
        .containsExactly("app/1", "app/10", "app/2", "app/\uFFFD", "app/\uD83D\uDE00");
    assertThat(all.more()).isFalse();
    RangeResult two = sm.range("app/", 2);
    assertThat(two.kvs()).extracting(KeyValue::key).containsExactly("app/1", "app/10");
    assertThat(two.more()).isTrue();
    assertThat(sm.range("app/", 5).more()).isFalse();
    assertThat(sm.range("", 0).kvs()).hasSize(7);
    assertThat(sm.range("zzz", 0).kvs()).isEmpty();
    assertThat(all.revision()).isEqualTo(7);
  }

  @Test
  void keysAreValidated() {
    assertThatThrownBy(() -> new KvCommand.Put("", b("v"))).hasMessageContaining("empty");
    assertThatThrownBy(() -> new KvCommand.Put("x".repeat(4097), b("v"))).hasMessageContaining("4096");
    assertThatThrownBy(() -> new KvCommand.Delete("bad\uD800")).hasMessageContaining("surrogate");
    assertThat(new KvCommand.Put("\u00e9".repeat(2048), b("v")).key()).hasSize(2048);
    assertThatThrownBy(() -> new KvCommand.Put("\u00e9".repeat(2049), b("v"))).hasMessageContaining("4098");
  }

  @Test
  void limitsAreAdmissionChecks() {
    KvLimits limits = new KvLimits(4, 3);
    limits.validate(new KvCommand.Put("k", b("1234")));
    assertThatThrownBy(() -> limits.validate(new KvCommand.Put("k", b("12345"))))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("limit is 4");
    Op put = new Op.Put("k", b("x"));
    assertThatThrownBy(() -> limits.validate(new KvCommand.Txn(List.of(), List.of(put, put), List.of(put, put))))
        .hasMessageContaining("limit is 3");
    assertThatThrownBy(() -> limits.validate(new KvCommand.Txn(List.of(), List.of(new Op.Put("k", b("toolong"))),
        List.of()))).hasMessageContaining("limit is 4");
  }

  @Test
  void reapplyingAnIndexIsRefused() {
    sm.apply(5, new KvCommand.Put("k", b("v")));
    assertThatThrownBy(() -> sm.apply(5, new KvCommand.Put("k", b("w")))).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> sm.markApplied(4)).isInstanceOf(IllegalStateException.class);
    sm.markApplied(6);
    assertThat(sm.lastApplied()).isEqualTo(6);
    assertThat(sm.get("k").orElseThrow().value()).isEqualTo(b("v"));
  }

  @Test
  void applyBatchAppliesInOrder() {
    List<KvResult> results = sm.applyBatch(List.of(
        new IndexedCommand(1, new KvCommand.Put("a", b("1"))),
        new IndexedCommand(2, new KvCommand.Put("a", b("2"), Precondition.ifAbsent())),
        new IndexedCommand(3, new KvCommand.Delete("a"))));
    assertThat(results.get(0)).isInstanceOf(PutResult.class);
    assertThat(results.get(1)).isEqualTo(new PreconditionFailed(1, true, 1));
    assertThat(results.get(2)).isEqualTo(new DeleteResult(2, true, new KeyValue("a", b("1"), 1, 1, 1)));
    assertThat(sm.lastApplied()).isEqualTo(3);
  }
}
