package io.raftkv.chaos.workload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.raftkv.api.Compare;
import io.raftkv.api.Op;
import io.raftkv.api.TxnRequest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The bank's transactions as kv-api records, and the reading of a txn answer's gets. */
class BankTxnsTest {

  private static String b64(String s) {
    return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void conditionalTransferComparesModRevisionsAndPutsTheNewBalances() {
    Map<String, Long> revs = new LinkedHashMap<>();
    revs.put("a0", 7L);
    revs.put("a1", 0L);
    Map<String, String> values = new LinkedHashMap<>();
    values.put("a0", "93");
    values.put("a1", "107");
    TxnRequest txn = BankTxns.putIfUnchanged(revs, values);

    assertThat(txn.compare()).containsExactly(Compare.modRevision("a0", Compare.Result.EQUAL, 7),
        Compare.modRevision("a1", Compare.Result.EQUAL, 0));
    assertThat(txn.success()).containsExactly(new Op.Put("a0", "93".getBytes(StandardCharsets.UTF_8)),
        new Op.Put("a1", "107".getBytes(StandardCharsets.UTF_8)));
    assertThat(txn.failure()).isEmpty();
  }

  @Test
  void readAnswerYieldsDecodedValuesAndRevisionsAndSkipsAbsentKeys() throws IOException {
    assertThat(BankTxns.readAll(List.of("a0", "a1")).success()).containsExactly(new Op.Get("a0"), new Op.Get("a1"));

    String answer = "{\"succeeded\":true,\"revision\":12,\"results\":["
        + "{\"op\":\"get\",\"revision\":12,\"kv\":{\"key\":\"a0\",\"value\":\"" + b64("93")
        + "\",\"createRevision\":3,\"modRevision\":9,\"version\":2}},"
        + "{\"op\":\"get\",\"revision\":12,\"kv\":null}]}";
    var result = BankTxns.parse(answer.getBytes(StandardCharsets.UTF_8));
    assertThat(result.succeeded()).isTrue();
    assertThat(BankTxns.gets(result)).containsOnlyKeys("a0");
    assertThat(BankTxns.gets(result).get("a0")).isEqualTo(new BankTxns.Got("93", 9));
  }

  @Test
  void anAnswerThatIsNotTheDocumentedJsonIsAnIoError() {
    assertThatThrownBy(() -> BankTxns.parse("{\"succeeded\":true}".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(IOException.class).hasMessageContaining("results");
  }
}
