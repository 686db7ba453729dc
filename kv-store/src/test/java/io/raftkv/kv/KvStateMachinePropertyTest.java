package io.raftkv.kv;

import static org.assertj.core.api.Assertions.assertThat;

import io.raftkv.api.KvResult;
import java.util.List;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Random command sequences give the same results and the same final state as {@link ModelKv}, survive a
 * snapshot/restore round trip mid-way, and survive encoding every command through {@link KvCommandCodec}.
 */
class KvStateMachinePropertyTest {

  @Provide
  Arbitrary<List<KvCommand>> histories() {
    return KvArbitraries.commands().list().ofMaxSize(60);
  }

  @Property(tries = 300)
  void matchesTheModel(@ForAll("histories") List<KvCommand> history) {
    KvStateMachine sm = new KvStateMachine();
    ModelKv model = new ModelKv();
    long index = 0;
    for (KvCommand cmd : history) {
      KvCommand decoded = KvCommandCodec.decode(KvCommandCodec.encode(cmd));
      assertThat(decoded).isEqualTo(cmd);
      KvResult actual = sm.apply(++index, decoded);
      assertThat(actual).as("result of %s", cmd).isEqualTo(model.apply(cmd));
      if (index == history.size() / 2) {
        KvStateMachine restored = new KvStateMachine();
        restored.restore(sm.snapshot());
        sm = restored;
      }
    }
    assertThat(sm.revision()).isEqualTo(model.revision);
    assertThat(sm.lastApplied()).isEqualTo(history.size());
    assertThat(sm.range("", 0)).isEqualTo(model.range("", 0, model.revision));
  }
}
