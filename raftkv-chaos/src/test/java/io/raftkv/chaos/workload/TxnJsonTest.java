package io.raftkv.chaos.workload;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The bank's transactions in the {@code POST /v1/txn} format of kv-server/API.md. */
class TxnJsonTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  private static String b64(String s) {
    return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void conditionalTransferComparesModRevisionsAndPutsBase64Values() throws Exception {
    Map<String, Long> revs = new LinkedHashMap<>();
    revs.put("a0", 7L);
    revs.put("a1", 0L);
    Map<String, String> values = new LinkedHashMap<>();
    values.put("a0", "93");
    values.put("a1", "107");
    JsonNode txn = JSON.readTree(TxnJson.putIfUnchanged(revs, values));

    assertThat(txn.get("compare")).hasSize(2);
    JsonNode c0 = txn.get("compare").get(0);
    assertThat(c0.get("key").asText()).isEqualTo("a0");
    assertThat(c0.get("target").asText()).isEqualTo("modRevision");
    assertThat(c0.get("result").asText()).isEqualTo("equal");
    assertThat(c0.get("modRevision").asLong()).isEqualTo(7);
    JsonNode put = txn.get("success").get(1);
    assertThat(put.get("op").asText()).isEqualTo("put");
    assertThat(new String(Base64.getDecoder().decode(put.get("value").asText()), StandardCharsets.UTF_8))
        .isEqualTo("107");
    assertThat(txn.get("failure")).isEmpty();
  }

  @Test
  void readAnswerYieldsDecodedValuesAndRevisionsAndSkipsAbsentKeys() throws Exception {
    JsonNode read = JSON.readTree(TxnJson.readAll(List.of("a0", "a1")));
    assertThat(read.get("success")).extracting(n -> n.get("op").asText()).containsExactly("get", "get");

    String answer = "{\"succeeded\":true,\"revision\":12,\"results\":["
        + "{\"op\":\"get\",\"revision\":12,\"kv\":{\"key\":\"a0\",\"value\":\"" + b64("93")
        + "\",\"createRevision\":3,\"modRevision\":9,\"version\":2}},"
        + "{\"op\":\"get\",\"revision\":12,\"kv\":null}]}";
    TxnJson.TxnReply reply = TxnJson.parse(answer.getBytes(StandardCharsets.UTF_8));
    assertThat(reply.succeeded()).isTrue();
    assertThat(reply.gets()).containsOnlyKeys("a0");
    assertThat(reply.gets().get("a0")).isEqualTo(new TxnJson.Got("93", 9));
  }
}
