package io.raftkv.client;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.raftkv.client.http.HttpResult;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * The JSON form of {@code POST /v1/txn} (kv-server/API.md): compares are
 * {@code {"key","target","result","<target>": operand}}, ops are {@code {"op": "put"|"get"|"delete"|"range",
 * ...}}, values base64.
 */
final class TxnCodec {

  private TxnCodec() {
  }

  static byte[] encode(Txn txn) {
    ObjectNode root = Responses.JSON.createObjectNode();
    ArrayNode compare = root.putArray("compare");
    for (Txn.Compare c : txn.compare()) {
      String target = target(c.target());
      ObjectNode node = compare.addObject().put("key", c.key()).put("target", target).put("result", result(c.op()));
      if (c.target() == Txn.Target.VALUE) {
        node.put(target, Base64.getEncoder().encodeToString(c.value()));
      } else {
        node.put(target, c.number());
      }
    }
    ops(root.putArray("success"), txn.success());
    ops(root.putArray("failure"), txn.failure());
    try {
      return Responses.JSON.writeValueAsBytes(root);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot encode txn", e);
    }
  }

  private static void ops(ArrayNode array, List<Txn.Op> ops) {
    for (Txn.Op op : ops) {
      ObjectNode node = array.addObject();
      if (op instanceof Txn.Put put) {
        node.put("op", "put").put("key", put.key()).put("value", Base64.getEncoder().encodeToString(put.value()));
      } else if (op instanceof Txn.Get get) {
        node.put("op", "get").put("key", get.key());
      } else if (op instanceof Txn.Delete delete) {
        node.put("op", "delete").put("key", delete.key());
      } else if (op instanceof Txn.Range range) {
        node.put("op", "range").put("prefix", range.prefix()).put("limit", range.limit());
      }
    }
  }

  private static String target(Txn.Target target) {
    return switch (target) {
      case MOD_REVISION -> "modRevision";
      case CREATE_REVISION -> "createRevision";
      case VERSION -> "version";
      case VALUE -> "value";
    };
  }

  private static String result(Txn.CompareOp op) {
    return switch (op) {
      case EQUAL -> "equal";
      case NOT_EQUAL -> "notEqual";
      case LESS -> "less";
      case GREATER -> "greater";
    };
  }

  static TxnResult decode(JsonNode root, HttpResult response) {
    if (!root.isObject() || !root.path("succeeded").isBoolean()) {
      throw new ServerErrorException(response.status(), response.endpoint() + " txn answer lacks 'succeeded': "
          + Responses.abbreviate(response.bodyText()));
    }
    List<TxnResult.OpResult> results = new ArrayList<>();
    for (JsonNode r : root.path("results")) {
      String op = r.path("op").asText("");
      switch (op) {
        case "put" -> results.add(new TxnResult.PutResponse(r.path("revision").asLong(),
            r.path("modRevision").asLong(), r.path("createRevision").asLong(), r.path("version").asLong()));
        case "get" -> results.add(new TxnResult.GetResponse(optionalKv(r.get("kv"), response)));
        case "delete" -> results.add(new TxnResult.DeleteResponse(r.path("deleted").asBoolean(),
            optionalKv(r.get("prevKv"), response)));
        case "range" -> results.add(new TxnResult.RangeResponse(KeyValueJson.parseList(r, response),
            r.path("more").asBoolean()));
        default -> throw new ServerErrorException(response.status(), response.endpoint()
            + " txn answer has an unknown op result '" + op + "'");
      }
    }
    return new TxnResult(root.path("succeeded").asBoolean(), root.path("revision").asLong(), results, root);
  }

  private static Optional<KeyValue> optionalKv(JsonNode node, HttpResult response) {
    return node == null || node.isNull() ? Optional.empty()
        : Optional.of(KeyValueJson.parse(node, response));
  }
}
