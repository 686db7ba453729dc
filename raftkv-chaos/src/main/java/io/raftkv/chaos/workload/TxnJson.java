package io.raftkv.chaos.workload;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code POST /v1/txn} wire format (kv-server/API.md) for the bank workload: build the
 * transactions it sends and read their answers. All knowledge of that JSON lives here: compares
 * {@code {"key","target":"modRevision","result":"equal","modRevision":N}}, ops
 * {@code {"op":"put"|"get","key","value"}} with base64 values, answers
 * {@code {"succeeded","revision","results":[{"op":"get","kv":{"key","value","modRevision",...}|null}]}}.
 */
final class TxnJson {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** A key as a transaction's get returned it; {@code modRevision} 0 means absent. */
  record Got(String value, long modRevision) {}

  /** A transaction's answer: which branch ran and what its gets returned. */
  record TxnReply(boolean succeeded, Map<String, Got> gets) {}

  private TxnJson() {}

  /** Gets of every key, no comparison: one atomic snapshot through the log. */
  static String readAll(List<String> keys) {
    ObjectNode txn = JSON.createObjectNode();
    txn.putArray("compare");
    ArrayNode success = txn.putArray("success");
    for (String k : keys) {
      success.addObject().put("op", "get").put("key", k);
    }
    txn.putArray("failure");
    return txn.toString();
  }

  /** Puts {@code values} if every key's modRevision still equals {@code revisions} (0 = absent). */
  static String putIfUnchanged(Map<String, Long> revisions, Map<String, String> values) {
    ObjectNode txn = JSON.createObjectNode();
    ArrayNode compare = txn.putArray("compare");
    revisions.forEach((k, rev) -> compare.addObject().put("key", k).put("target", "modRevision")
        .put("result", "equal").put("modRevision", rev));
    ArrayNode success = txn.putArray("success");
    values.forEach((k, v) -> success.addObject().put("op", "put").put("key", k)
        .put("value", Base64.getEncoder().encodeToString(v.getBytes(StandardCharsets.UTF_8))));
    txn.putArray("failure");
    return txn.toString();
  }

  /** Parses a 200 answer of {@code POST /v1/txn}. */
  static TxnReply parse(byte[] body) throws IOException {
    JsonNode root = JSON.readTree(body);
    Map<String, Got> gets = new LinkedHashMap<>();
    for (JsonNode r : root.path("results")) {
      JsonNode kv = r.path("kv");
      if ("get".equals(r.path("op").asText()) && kv.hasNonNull("key") && kv.hasNonNull("value")) {
        String value = new String(Base64.getDecoder().decode(kv.get("value").asText()), StandardCharsets.UTF_8);
        gets.put(kv.get("key").asText(), new Got(value, kv.path("modRevision").asLong(0)));
      }
    }
    return new TxnReply(root.path("succeeded").asBoolean(false), gets);
  }
}
