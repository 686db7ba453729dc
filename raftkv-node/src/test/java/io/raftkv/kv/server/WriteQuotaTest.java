package io.raftkv.kv.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.raftkv.api.Op;
import io.raftkv.kv.KvCommand;
import io.raftkv.kv.KvStateMachine;
import io.raftkv.kv.api.KvServiceException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The quota refuses only writes that add data, and only past the bound; deletes and compactions pass. */
class WriteQuotaTest {

  private final KvStateMachine state = new KvStateMachine();
  private long index;

  private void apply(KvCommand cmd) {
    state.apply(++index, cmd);
  }

  @Test
  void refusesAPutThatWouldPassTheQuotaWithNoSpace() {
    WriteQuota quota = new WriteQuota(10_000);
    KvCommand.Put small = new KvCommand.Put("k", new byte[1000]);
    for (int i = 0; i < 5; i++) {
      assertThat(quota.refusal(state, small)).as("put %d", i).isNull();
      apply(small);
    }
    assertThat(state.storeBytes()).isBetween(5_000L, 10_000L);

    KvServiceException refused = quota.refusal(state, new KvCommand.Put("k", new byte[8000]));

    assertThat(refused).isNotNull();
    assertThat(refused.kind()).isEqualTo(KvServiceException.Kind.NO_SPACE);
    assertThat(refused.getMessage()).contains("quota of 10000 bytes").contains("--quota-bytes");
    assertThat(quota.refused()).isOne();
  }

  @Test
  void deletesAndCompactionsPassOverTheQuota() {
    WriteQuota quota = new WriteQuota(1);
    apply(new KvCommand.Put("k", new byte[100]));

    assertThat(quota.refusal(state, new KvCommand.Delete("k"))).isNull();
    assertThat(quota.refusal(state, new KvCommand.Compact(1))).isNull();
    assertThat(quota.refusal(state, new KvCommand.Txn(List.of(), List.of(new Op.Delete("k")), List.of()))).isNull();
    assertThat(quota.refused()).isZero();
  }

  @Test
  void aTransactionCountsTheLargerBranchOfPuts() {
    WriteQuota quota = new WriteQuota(5_000);
    KvCommand.Txn bigFailure = new KvCommand.Txn(List.of(), List.of(new Op.Put("a", new byte[10])),
        List.of(new Op.Put("b", new byte[3000]), new Op.Put("c", new byte[3000])));
    KvCommand.Txn fits = new KvCommand.Txn(List.of(), List.of(new Op.Put("a", new byte[10])),
        List.of(new Op.Put("b", new byte[3000])));

    assertThat(quota.refusal(state, bigFailure)).isNotNull();
    assertThat(quota.refusal(state, fits)).isNull();
  }

  @Test
  void zeroMeansNoQuota() {
    WriteQuota quota = new WriteQuota(0);
    assertThat(quota.refusal(state, new KvCommand.Put("k", new byte[1 << 20]))).isNull();
  }
}
