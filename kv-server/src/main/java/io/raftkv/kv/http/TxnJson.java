package io.raftkv.kv.http;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.raftkv.kv.Compare;
import io.raftkv.kv.DeleteResult;
import io.raftkv.kv.GetResult;
import io.raftkv.kv.KvCommand;
import io.raftkv.kv.KvLimits;
import io.raftkv.kv.Op;
import io.raftkv.kv.OpResult;
import io.raftkv.kv.PutResult;
import io.raftkv.kv.RangeResult;
import io.raftkv.kv.TxnResult;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * The JSON form of {@code POST /v1/txn} (documented in kv-server/API.md): parses a request into a
 * {@link KvCommand.Txn} and renders a {@link TxnResult}. Parsing is strict (unknown fields, wrong types,
 * bad base64 and invalid keys are 400s) so that a typo cannot silently change what a transaction does.
 */
final class TxnJson {

  private static final Set<String> TOP_FIELDS = Set.of("compare", "success", "failure");

  private TxnJson() {}

  static KvCommand.Txn parse(byte[] body, KvLimits limits) {
    JsonNode root;
    try {
      root = Responses.JSON.readTree(body);
    } catch (JacksonException e) {
      throw bad("malformed JSON: " + e.getOriginalMessage());
    } catch (java.io.IOException e) {
      throw bad("unreadable JSON: " + e.getMessage());
    }
    if (root == null || !root.isObject()) {
      throw bad("the body must be a JSON object with 'compare', 'success' and 'failure' arrays");
    }
    checkFields(root, TOP_FIELDS, "transaction");
    List<Compare> compares = new ArrayList<>();
    for (JsonNode c : array(root, "compare")) {
      compares.add(compare(c, limits));
    }
    List<Op> success = ops(array(root, "success"), "success", limits);
    List<Op> failure = ops(array(root, "failure"), "failure", limits);
    int total = compares.size() + success.size() + failure.size();
    if (total > limits.maxTxnOps()) {
      throw bad("transaction has " + total + " compares and operations; the limit is " + limits.maxTxnOps());
    }
    return new KvCommand.Txn(compares, success, failure);
  }

  private static Compare compare(JsonNode node, KvLimits limits) {
    if (!node.isObject()) {
      throw bad("each compare must be an object");
    }
    String target = text(node, "target", "compare");
    String operandField = switch (target) {
      case "value", "version", "createRevision", "modRevision" -> target;
      default -> throw bad("compare target must be value, version, createRevision or modRevision, got: " + target);
    };
    checkFields(node, Set.of("key", "target", "result", operandField), "compare");
    String key = text(node, "key", "compare");
    Compare.Result result = switch (text(node, "result", "compare")) {
      case "equal" -> Compare.Result.EQUAL;
      case "notEqual" -> Compare.Result.NOT_EQUAL;
      case "greater" -> Compare.Result.GREATER;
      case "less" -> Compare.Result.LESS;
      default -> throw bad("compare result must be equal, notEqual, greater or less");
    };
    try {
      return switch (target) {
        case "value" -> Compare.value(key, result, value(node, "value", "compare", limits));
        case "version" -> Compare.version(key, result, number(node, "version"));
        case "createRevision" -> Compare.createRevision(key, result, number(node, "createRevision"));
        default -> Compare.modRevision(key, result, number(node, "modRevision"));
      };
    } catch (ApiException e) {
      throw e;
    } catch (IllegalArgumentException e) {
      throw bad("compare: " + e.getMessage());
    }
  }

  private static List<Op> ops(ArrayNode array, String branch, KvLimits limits) {
    List<Op> ops = new ArrayList<>();
    for (JsonNode node : array) {
      if (!node.isObject()) {
        throw bad("each " + branch + " op must be an object");
      }
      String what = branch + " op";
      String type = text(node, "op", what);
      try {
        switch (type) {
          case "put" -> {
            checkFields(node, Set.of("op", "key", "value"), what);
            ops.add(new Op.Put(text(node, "key", what), value(node, "value", what, limits)));
          }
          case "delete" -> {
            checkFields(node, Set.of("op", "key"), what);
            ops.add(new Op.Delete(text(node, "key", what)));
          }
          case "get" -> {
            checkFields(node, Set.of("op", "key"), what);
            ops.add(new Op.Get(text(node, "key", what)));
          }
          case "range" -> {
            checkFields(node, Set.of("op", "prefix", "limit"), what);
            String prefix = node.has("prefix") ? text(node, "prefix", what) : "";
            long limit = node.has("limit") ? number(node, "limit") : KeyEndpoint.DEFAULT_RANGE_LIMIT;
            if (limit < 1 || limit > KeyEndpoint.MAX_RANGE_LIMIT) {
              throw bad("range limit must be between 1 and " + KeyEndpoint.MAX_RANGE_LIMIT);
            }
            ops.add(new Op.Range(prefix, (int) limit));
          }
          default -> throw bad(what + " must be put, delete, get or range, got: " + type);
        }
      } catch (ApiException e) {
        throw e;
      } catch (IllegalArgumentException e) {
        throw bad(what + ": " + e.getMessage());
      }
    }
    return ops;
  }

  static ObjectNode render(TxnResult result) {
    ObjectNode root = Responses.object();
    root.put("succeeded", result.succeeded());
    root.put("revision", result.revision());
    ArrayNode results = root.putArray("results");
    for (OpResult r : result.results()) {
      ObjectNode node = results.addObject();
      if (r instanceof PutResult p) {
        node.put("op", "put");
        node.put("revision", p.revision());
        node.put("modRevision", p.modRevision());
        node.put("createRevision", p.createRevision());
        node.put("version", p.version());
      } else if (r instanceof DeleteResult d) {
        node.put("op", "delete");
        node.put("revision", d.revision());
        node.put("deleted", d.deleted());
        node.set("prevKv", d.prevKv() == null ? null : JsonViews.keyValue(d.prevKv()));
      } else if (r instanceof GetResult g) {
        node.put("op", "get");
        node.put("revision", g.revision());
        node.set("kv", g.kv() == null ? null : JsonViews.keyValue(g.kv()));
      } else if (r instanceof RangeResult rr) {
        node.put("op", "range");
        node.setAll(JsonViews.range(rr));
      }
    }
    return root;
  }

  private static ArrayNode array(JsonNode root, String field) {
    JsonNode node = root.get(field);
    if (node == null || node.isNull()) {
      return Responses.JSON.createArrayNode();
    }
    if (!node.isArray()) {
      throw bad("'" + field + "' must be an array");
    }
    return (ArrayNode) node;
  }

  private static String text(JsonNode node, String field, String what) {
    JsonNode v = node.get(field);
    if (v == null || !v.isTextual()) {
      throw bad(what + ": '" + field + "' must be a string");
    }
    return v.textValue();
  }

  private static long number(JsonNode node, String field) {
    JsonNode v = node.get(field);
    if (v == null || !v.isIntegralNumber() || !v.canConvertToLong()) {
      throw bad("'" + field + "' must be an integer");
    }
    return v.longValue();
  }

  private static byte[] value(JsonNode node, String field, String what, KvLimits limits) {
    byte[] bytes;
    try {
      bytes = Base64.getDecoder().decode(text(node, field, what));
    } catch (IllegalArgumentException e) {
      throw bad(what + ": '" + field + "' is not valid base64");
    }
    if (bytes.length > limits.maxValueBytes()) {
      throw new ApiException(HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE, "payload_too_large",
          what + ": value of " + bytes.length + " bytes exceeds the limit of " + limits.maxValueBytes());
    }
    return bytes;
  }

  private static void checkFields(JsonNode node, Set<String> allowed, String what) {
    Iterator<String> names = node.fieldNames();
    while (names.hasNext()) {
      String name = names.next();
      if (!allowed.contains(name)) {
        throw bad(what + ": unknown field '" + name + "'");
      }
    }
  }

  private static ApiException bad(String message) {
    return ApiException.badRequest("bad_json", message);
  }
}
