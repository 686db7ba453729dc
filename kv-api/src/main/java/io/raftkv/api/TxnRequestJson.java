package io.raftkv.api;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * The body of {@code POST /v1/txn}: compares {@code {"key", "target", "result", "<target>": operand}}, ops
 * {@code {"op": "put"|"delete"|"get"|"range", ...}}, values base64. A delete names a {@code key}, or a
 * {@code prefix} or {@code start}/{@code end} range (the selection rules of {@code GET /v1/kv}), plus
 * {@code "prevKv": true} for the deleted key-values.
 *
 * <p>Reading is strict (unknown fields, wrong types, bad base64, invalid keys and out-of-range limits are
 * refused with {@code bad_json}) so that a typo cannot silently change what a transaction does.
 */
final class TxnRequestJson {

  private static final Set<String> TOP_FIELDS = Set.of("compare", "success", "failure");

  private TxnRequestJson() {}

  static ObjectNode write(TxnRequest txn) {
    ObjectNode root = ApiJson.MAPPER.createObjectNode();
    ArrayNode compare = root.putArray("compare");
    for (Compare c : txn.compare()) {
      String target = c.target().wireName();
      ObjectNode node = compare.addObject().put("key", c.key()).put("target", target)
          .put("result", c.result().wireName());
      if (c.target() == Compare.Target.VALUE) {
        node.put(target, Base64.getEncoder().encodeToString(c.value()));
      } else {
        node.put(target, c.number());
      }
    }
    writeOps(root.putArray("success"), txn.success());
    writeOps(root.putArray("failure"), txn.failure());
    return root;
  }

  private static void writeOps(ArrayNode array, List<Op> ops) {
    for (Op op : ops) {
      ObjectNode node = array.addObject();
      if (op instanceof Op.Put put) {
        node.put("op", "put").put("key", put.key()).put("value", Base64.getEncoder().encodeToString(put.value()));
      } else if (op instanceof Op.Delete delete) {
        node.put("op", "delete").put("key", delete.key());
      } else if (op instanceof Op.DeleteRange delete) {
        writeDeleteRange(node, delete);
      } else if (op instanceof Op.Get get) {
        node.put("op", "get").put("key", get.key());
      } else if (op instanceof Op.Range range) {
        node.put("op", "range").put("prefix", range.prefix()).put("limit", range.limit());
      }
    }
  }

  private static void writeDeleteRange(ObjectNode node, Op.DeleteRange delete) {
    node.put("op", "delete");
    KeyRange range = delete.range();
    if (range.kind() == KeyRange.Kind.PREFIX) {
      node.put("prefix", range.start());
    } else {
      node.put("start", range.start());
      if (range.end() != null) {
        node.put("end", range.end());
      }
    }
    if (delete.prevKv()) {
      node.put("prevKv", true);
    }
  }

  static TxnRequest read(byte[] body, int maxValueBytes, int maxTxnOps) {
    JsonNode root;
    try {
      root = ApiJson.MAPPER.readTree(body);
    } catch (JacksonException e) {
      throw bad("malformed JSON: " + e.getOriginalMessage());
    } catch (IOException e) {
      throw bad("unreadable JSON: " + e.getMessage());
    }
    if (root == null || !root.isObject()) {
      throw bad("the body must be a JSON object with 'compare', 'success' and 'failure' arrays");
    }
    checkFields(root, TOP_FIELDS, "transaction");
    List<Compare> compares = new ArrayList<>();
    for (JsonNode c : array(root, "compare")) {
      compares.add(compare(c, maxValueBytes));
    }
    List<Op> success = ops(array(root, "success"), "success", maxValueBytes);
    List<Op> failure = ops(array(root, "failure"), "failure", maxValueBytes);
    TxnRequest txn = new TxnRequest(compares, success, failure);
    if (txn.size() > maxTxnOps) {
      throw bad("transaction has " + txn.size() + " compares and operations; the limit is " + maxTxnOps);
    }
    return txn;
  }

  private static Compare compare(JsonNode node, int maxValueBytes) {
    if (!node.isObject()) {
      throw bad("each compare must be an object");
    }
    String target = text(node, "target", "compare");
    Compare.Target t = switch (target) {
      case "value" -> Compare.Target.VALUE;
      case "version" -> Compare.Target.VERSION;
      case "createRevision" -> Compare.Target.CREATE_REVISION;
      case "modRevision" -> Compare.Target.MOD_REVISION;
      default -> throw bad("compare target must be value, version, createRevision or modRevision, got: " + target);
    };
    checkFields(node, Set.of("key", "target", "result", target), "compare");
    String key = text(node, "key", "compare");
    Compare.Result result = switch (text(node, "result", "compare")) {
      case "equal" -> Compare.Result.EQUAL;
      case "notEqual" -> Compare.Result.NOT_EQUAL;
      case "greater" -> Compare.Result.GREATER;
      case "less" -> Compare.Result.LESS;
      default -> throw bad("compare result must be equal, notEqual, greater or less");
    };
    try {
      return t == Compare.Target.VALUE
          ? Compare.value(key, result, value(node, "value", "compare", maxValueBytes))
          : new Compare(key, t, result, number(node, target), null);
    } catch (ApiJsonException e) {
      throw e;
    } catch (IllegalArgumentException e) {
      throw bad("compare: " + e.getMessage());
    }
  }

  private static List<Op> ops(ArrayNode array, String branch, int maxValueBytes) {
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
            ops.add(new Op.Put(text(node, "key", what), value(node, "value", what, maxValueBytes)));
          }
          case "delete" -> {
            checkFields(node, Set.of("op", "key", "prefix", "start", "end", "prevKv"), what);
            ops.add(delete(node, what));
          }
          case "get" -> {
            checkFields(node, Set.of("op", "key"), what);
            ops.add(new Op.Get(text(node, "key", what)));
          }
          case "range" -> {
            checkFields(node, Set.of("op", "prefix", "limit"), what);
            String prefix = node.has("prefix") ? text(node, "prefix", what) : "";
            long limit = node.has("limit") ? number(node, "limit") : Op.Range.DEFAULT_LIMIT;
            if (limit < 1 || limit > Op.Range.MAX_LIMIT) {
              throw bad("range limit must be between 1 and " + Op.Range.MAX_LIMIT);
            }
            ops.add(new Op.Range(prefix, (int) limit));
          }
          default -> throw bad(what + " must be put, delete, get or range, got: " + type);
        }
      } catch (ApiJsonException e) {
        throw e;
      } catch (IllegalArgumentException e) {
        throw bad(what + ": " + e.getMessage());
      }
    }
    return ops;
  }

  /**
   * A delete of one {@code key}, or of a {@code prefix} or {@code start}/{@code end} range ({@code start}
   * omitted = from the first key, {@code end} omitted = to the end of the key space, never empty).
   */
  private static Op delete(JsonNode node, String what) {
    boolean key = node.has("key");
    boolean prefix = node.has("prefix");
    boolean interval = node.has("start") || node.has("end");
    if ((key ? 1 : 0) + (prefix ? 1 : 0) + (interval ? 1 : 0) != 1) {
      throw bad(what + ": a delete takes exactly one of 'key', 'prefix' or 'start'/'end'");
    }
    if (key) {
      if (node.has("prevKv")) {
        throw bad(what + ": 'prevKv' is for a range delete; a key's delete always reports its prevKv");
      }
      return new Op.Delete(text(node, "key", what));
    }
    boolean prevKv = node.has("prevKv") && bool(node, "prevKv", what);
    if (prefix) {
      return new Op.DeleteRange(KeyRange.prefix(text(node, "prefix", what)), prevKv);
    }
    String start = node.has("start") ? text(node, "start", what) : "";
    String end = node.has("end") ? text(node, "end", what) : null;
    if (end != null && end.isEmpty()) {
      throw bad(what + ": 'end' must not be empty; leave it out to delete to the end of the key space");
    }
    return new Op.DeleteRange(KeyRange.interval(start, end), prevKv);
  }

  private static boolean bool(JsonNode node, String field, String what) {
    JsonNode v = node.get(field);
    if (v == null || !v.isBoolean()) {
      throw bad(what + ": '" + field + "' must be true or false");
    }
    return v.booleanValue();
  }

  private static ArrayNode array(JsonNode root, String field) {
    JsonNode node = root.get(field);
    if (node == null || node.isNull()) {
      return ApiJson.MAPPER.createArrayNode();
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

  private static byte[] value(JsonNode node, String field, String what, int maxValueBytes) {
    byte[] bytes;
    try {
      bytes = Base64.getDecoder().decode(text(node, field, what));
    } catch (IllegalArgumentException e) {
      throw bad(what + ": '" + field + "' is not valid base64");
    }
    if (bytes.length > maxValueBytes) {
      throw new ApiJsonException(ErrorKind.PAYLOAD_TOO_LARGE,
          what + ": value of " + bytes.length + " bytes exceeds the limit of " + maxValueBytes);
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

  private static ApiJsonException bad(String message) {
    return new ApiJsonException(ErrorKind.BAD_JSON, message);
  }
}
