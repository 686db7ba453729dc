package io.raftkv.api;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * The JSON of docs/API.md, both ways, for every record of this package: the server renders with the
 * {@code write*}/{@code *Json} methods, clients read with the {@code read*} ones. Field names and their order
 * are fixed here and pinned by tests against the document's examples; values are base64.
 *
 * <p>Reading answers is strict about what the document promises (a missing or mistyped field is an
 * {@link ApiJsonException}, not a silent 0) and ignores fields it does not know, so a newer server can add
 * some. Reading a transaction request, the only JSON request, is stricter still: see {@link TxnRequestJson}.
 */
public final class ApiJson {

  /** Thread-safe once configured; shared so every module renders with the same settings. */
  public static final ObjectMapper MAPPER = new ObjectMapper();

  private ApiJson() {}

  // ---- bytes ----

  public static byte[] toBytes(JsonNode node) {
    try {
      return MAPPER.writeValueAsBytes(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialize a JSON tree", e);
    }
  }

  /** Parses a body; a malformed or empty one is an {@link ApiJsonException} of {@code kind}. */
  public static JsonNode readTree(byte[] body, ErrorKind kind) {
    JsonNode root;
    try {
      root = MAPPER.readTree(body);
    } catch (JacksonException e) {
      throw new ApiJsonException(kind, "malformed JSON: " + e.getOriginalMessage());
    } catch (IOException e) {
      throw new ApiJsonException(kind, "unreadable JSON: " + e.getMessage());
    }
    if (root == null || root.isMissingNode()) {
      throw new ApiJsonException(kind, "empty body");
    }
    return root;
  }

  // ---- key-values and ranges ----

  public static ObjectNode keyValueJson(KeyValue kv) {
    ObjectNode node = MAPPER.createObjectNode();
    node.put("key", kv.key());
    node.put("value", Base64.getEncoder().encodeToString(kv.value()));
    node.put("createRevision", kv.createRevision());
    node.put("modRevision", kv.modRevision());
    node.put("version", kv.version());
    return node;
  }

  public static KeyValue readKeyValue(JsonNode node) {
    requireObject(node, "key-value");
    try {
      return new KeyValue(text(node, "key"), node.has("value") ? base64(node, "value") : new byte[0], number(node, "createRevision"),
          number(node, "modRevision"), number(node, "version"));
    } catch (ApiJsonException e) {
      throw e;
    } catch (IllegalArgumentException e) {
      throw answer("key-value: " + e.getMessage());
    }
  }

  /**
   * {@code {"revision": R, "kvs": [...], "more": bool}}, plus {@code "next"} when more, {@code "count"} for a
   * count; a keys-only read leaves each {@code "value"} out.
   */
  public static ObjectNode rangeJson(RangeResult r) {
    ObjectNode node = MAPPER.createObjectNode();
    node.put("revision", r.revision());
    ArrayNode kvs = node.putArray("kvs");
    for (KeyValue kv : r.kvs()) {
      ObjectNode item = keyValueJson(kv);
      if (r.keysOnly()) {
        item.remove("value");
      }
      kvs.add(item);
    }
    node.put("more", r.more());
    if (r.next() != null) {
      node.put("next", r.next());
    }
    if (r.count() >= 0) {
      node.put("count", r.count());
    }
    return node;
  }

  public static RangeResult readRange(JsonNode node) {
    requireObject(node, "range");
    JsonNode items = node.get("kvs");
    if (items == null || !items.isArray()) {
      throw answer("range: 'kvs' must be an array");
    }
    List<KeyValue> kvs = new ArrayList<>(items.size());
    for (JsonNode item : items) {
      kvs.add(readKeyValue(item));
    }
    boolean keysOnly = !items.isEmpty() && !items.get(0).has("value");
    long count = node.has("count") ? number(node, "count") : -1;
    return new RangeResult(kvs, bool(node, "more"), number(node, "revision"), count, keysOnly);
  }

  // ---- watch ----

  /** {@code {"revision": R, "events": [{"type", "kv", "prevKv"?}]}}, plus {@code "progress": true} for a bookmark. */
  public static ObjectNode watchResponseJson(WatchResponse r) {
    ObjectNode node = MAPPER.createObjectNode();
    node.put("revision", r.revision());
    ArrayNode events = node.putArray("events");
    for (WatchEvent e : r.events()) {
      ObjectNode event = events.addObject();
      event.put("type", e.type().name().toLowerCase(java.util.Locale.ROOT));
      event.set("kv", keyValueJson(e.kv()));
      if (e.prevKv() != null) {
        event.set("prevKv", keyValueJson(e.prevKv()));
      }
    }
    if (r.progress()) {
      node.put("progress", true);
    }
    return node;
  }

  public static WatchResponse readWatchResponse(JsonNode node) {
    requireObject(node, "watch response");
    JsonNode items = node.get("events");
    if (items == null || !items.isArray()) {
      throw answer("watch response: 'events' must be an array");
    }
    List<WatchEvent> events = new ArrayList<>(items.size());
    for (JsonNode item : items) {
      requireObject(item, "watch event");
      WatchEvent.Type type = switch (text(item, "type")) {
        case "put" -> WatchEvent.Type.PUT;
        case "delete" -> WatchEvent.Type.DELETE;
        default -> throw answer("watch event: unknown type " + item.get("type"));
      };
      JsonNode prev = item.get("prevKv");
      events.add(new WatchEvent(type, readKeyValue(item.get("kv")),
          prev == null || prev.isNull() ? null : readKeyValue(prev)));
    }
    return new WatchResponse(number(node, "revision"), events);
  }

  /** {@code {"revision": R, "deleted": N}}. */
  public static ObjectNode deleteRangeResultJson(DeleteRangeResult r) {
    return MAPPER.createObjectNode().put("revision", r.revision()).put("deleted", r.deleted());
  }

  public static DeleteRangeResult readDeleteRangeResult(JsonNode node) {
    requireObject(node, "range delete");
    return new DeleteRangeResult(number(node, "revision"), number(node, "deleted"));
  }

  /** {@code {"revision": R, "compactRevision": C}}. */
  public static ObjectNode compactResultJson(CompactResult r) {
    return MAPPER.createObjectNode().put("revision", r.revision()).put("compactRevision", r.compactRevision());
  }

  public static CompactResult readCompactResult(JsonNode node) {
    requireObject(node, "compaction");
    return new CompactResult(number(node, "revision"), number(node, "compactRevision"));
  }

  /** The body of {@code POST /v1/compact}: {@code {"revision": R}} with {@code R >= 1}, nothing else. */
  public static long readCompactRequest(byte[] body) {
    JsonNode node = readTree(body, ErrorKind.BAD_JSON);
    if (node == null || !node.isObject() || node.size() != 1 || !node.path("revision").canConvertToLong()
        || !node.path("revision").isIntegralNumber() || node.get("revision").asLong() < 1) {
      throw new ApiJsonException(ErrorKind.BAD_JSON, "compaction body must be {\"revision\": R} with R >= 1");
    }
    return node.get("revision").asLong();
  }

  // ---- single-key writes ----

  /** {@code {"revision": R}}. */
  public static ObjectNode writeResponseJson(WriteResponse w) {
    return MAPPER.createObjectNode().put("revision", w.revision());
  }

  public static WriteResponse readWriteResponse(JsonNode node) {
    requireObject(node, "write answer");
    return new WriteResponse(number(node, "revision"));
  }

  // ---- transactions ----

  public static ObjectNode txnRequestJson(TxnRequest txn) {
    return TxnRequestJson.write(txn);
  }

  /**
   * Parses a {@code POST /v1/txn} body strictly; throws {@link ApiJsonException} with {@code bad_json}, or
   * {@code payload_too_large} for a value over {@code maxValueBytes}.
   */
  public static TxnRequest readTxnRequest(byte[] body, int maxValueBytes, int maxTxnOps) {
    return TxnRequestJson.read(body, maxValueBytes, maxTxnOps);
  }

  public static ObjectNode txnResultJson(TxnResult result) {
    return TxnResultJson.write(result);
  }

  public static TxnResult readTxnResult(JsonNode node) {
    return TxnResultJson.read(node);
  }

  // ---- cluster and health ----

  public static ObjectNode clusterStatusJson(ClusterStatus s) {
    ObjectNode root = MAPPER.createObjectNode();
    root.put("clusterId", s.clusterId());
    root.put("nodeId", s.nodeId());
    root.put("leaderId", s.leaderId());
    root.put("term", s.term());
    root.put("commitIndex", s.commitIndex());
    root.put("appliedIndex", s.appliedIndex());
    ArrayNode members = root.putArray("members");
    for (ClusterStatus.Member m : s.members()) {
      ObjectNode node = members.addObject();
      node.put("id", m.id());
      node.put("peerAddress", m.peerAddress());
      node.put("clientUrl", m.clientUrl());
      node.put("role", m.role());
      node.put("matchIndex", m.matchIndex());
      node.put("nextIndex", m.nextIndex());
      node.put("state", m.state());
    }
    return root;
  }

  public static ClusterStatus readClusterStatus(JsonNode root) {
    requireObject(root, "cluster status");
    JsonNode items = root.get("members");
    if (items == null || !items.isArray()) {
      throw answer("cluster status: 'members' must be an array");
    }
    List<ClusterStatus.Member> members = new ArrayList<>();
    for (JsonNode m : items) {
      requireObject(m, "member");
      members.add(new ClusterStatus.Member(text(m, "id"), optionalText(m, "peerAddress"),
          optionalText(m, "clientUrl"), text(m, "role"), number(m, "matchIndex"), number(m, "nextIndex"),
          text(m, "state")));
    }
    JsonNode leader = root.get("leaderId");
    if (leader == null || !(leader.isNull() || leader.isTextual())) {
      throw answer("cluster status: 'leaderId' must be a string or null");
    }
    return new ClusterStatus(text(root, "clusterId"), text(root, "nodeId"), leader.isNull() ? null : leader.textValue(),
        number(root, "term"), number(root, "commitIndex"), number(root, "appliedIndex"), members);
  }

  /** {@code GET /health}'s 200 body. */
  public static ObjectNode healthyJson() {
    return MAPPER.createObjectNode().put("status", "ok");
  }

  // ---- errors ----

  public static ObjectNode errorJson(ApiError e) {
    ObjectNode body = MAPPER.createObjectNode();
    body.put("error", e.error());
    body.put("message", e.message());
    if (e.leader() != null) {
      body.put("leader", e.leader());
    }
    if (e.preconditionFailed() != null) {
      body.put("currentModRevision", e.preconditionFailed().currentModRevision());
      body.put("exists", e.preconditionFailed().exists());
    }
    if (e.compactRevision() > 0) {
      body.put("compactRevision", e.compactRevision());
    }
    return body;
  }

  /**
   * The error of a failed answer's body; {@code null} when the body is not an error object (a proxy's HTML
   * page, an empty body), so callers fall back on the status.
   */
  public static ApiError readError(byte[] body) {
    if (body == null || body.length == 0) {
      return null;
    }
    JsonNode node;
    try {
      node = MAPPER.readTree(body);
    } catch (IOException e) {
      return null;
    }
    if (node == null || !node.isObject() || !node.path("error").isTextual()) {
      return null;
    }
    ApiError.PreconditionState state = null;
    if (node.path("exists").isBoolean() && node.path("currentModRevision").canConvertToLong()) {
      state = new ApiError.PreconditionState(node.get("exists").booleanValue(),
          node.get("currentModRevision").longValue());
    }
    JsonNode leader = node.get("leader");
    return new ApiError(node.get("error").textValue(), node.path("message").asText(""),
        leader != null && leader.isTextual() ? leader.textValue() : null, state,
        node.path("compactRevision").asLong(0));
  }

  // ---- field access shared by the readers ----

  static void requireObject(JsonNode node, String what) {
    if (node == null || !node.isObject()) {
      throw answer(what + " is not a JSON object");
    }
  }

  static String text(JsonNode node, String field) {
    JsonNode v = node.get(field);
    if (v == null || !v.isTextual()) {
      throw answer("'" + field + "' must be a string");
    }
    return v.textValue();
  }

  private static String optionalText(JsonNode node, String field) {
    JsonNode v = node.get(field);
    return v == null || v.isNull() ? "" : text(node, field);
  }

  static long number(JsonNode node, String field) {
    JsonNode v = node.get(field);
    if (v == null || !v.isIntegralNumber() || !v.canConvertToLong()) {
      throw answer("'" + field + "' must be an integer");
    }
    return v.longValue();
  }

  static boolean bool(JsonNode node, String field) {
    JsonNode v = node.get(field);
    if (v == null || !v.isBoolean()) {
      throw answer("'" + field + "' must be a boolean");
    }
    return v.booleanValue();
  }

  static byte[] base64(JsonNode node, String field) {
    try {
      return Base64.getDecoder().decode(text(node, field));
    } catch (IllegalArgumentException e) {
      throw answer("'" + field + "' is not valid base64");
    }
  }

  /** An answer that does not match the document; the server's fault, so INTERNAL. */
  static ApiJsonException answer(String message) {
    return new ApiJsonException(ErrorKind.INTERNAL, message);
  }
}
