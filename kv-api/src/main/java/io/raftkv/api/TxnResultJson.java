package io.raftkv.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/**
 * The answer of {@code POST /v1/txn}: {@code {"succeeded", "revision", "results": [{"op": ..., ...}]}}, one
 * result per op of the branch that ran; a get of an absent key has {@code "kv": null}, a delete of one
 * {@code "deleted": false, "prevKv": null}; a range delete answers {@code "deleted": N} (a count) and
 * {@code "prevKvs": [...]}.
 */
final class TxnResultJson {

  private TxnResultJson() {}

  static ObjectNode write(TxnResult result) {
    ObjectNode root = ApiJson.MAPPER.createObjectNode();
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
        node.set("prevKv", d.prevKv() == null ? null : ApiJson.keyValueJson(d.prevKv()));
      } else if (r instanceof DeleteRangeResult d) {
        node.put("op", "delete");
        node.put("revision", d.revision());
        node.put("deleted", d.deleted());
        ArrayNode prev = node.putArray("prevKvs");
        d.prevKvs().forEach(kv -> prev.add(ApiJson.keyValueJson(kv)));
      } else if (r instanceof GetResult g) {
        node.put("op", "get");
        node.put("revision", g.revision());
        node.set("kv", g.kv() == null ? null : ApiJson.keyValueJson(g.kv()));
      } else if (r instanceof RangeResult rr) {
        node.put("op", "range");
        node.setAll(ApiJson.rangeJson(rr));
      }
    }
    return root;
  }

  static TxnResult read(JsonNode root) {
    ApiJson.requireObject(root, "txn answer");
    JsonNode items = root.get("results");
    if (items == null || !items.isArray()) {
      throw ApiJson.answer("txn answer: 'results' must be an array");
    }
    List<OpResult> results = new ArrayList<>(items.size());
    for (JsonNode r : items) {
      ApiJson.requireObject(r, "txn op result");
      String op = ApiJson.text(r, "op");
      long revision = ApiJson.number(r, "revision");
      switch (op) {
        case "put" -> results.add(new PutResult(revision, ApiJson.number(r, "modRevision"),
            ApiJson.number(r, "createRevision"), ApiJson.number(r, "version")));
        case "delete" -> results.add(r.path("deleted").isBoolean() ? readDelete(r, revision)
            : readDeleteRange(r, revision));
        case "get" -> results.add(new GetResult(optionalKv(r, "kv"), revision));
        case "range" -> results.add(ApiJson.readRange(r));
        default -> throw ApiJson.answer("txn answer has an unknown op result '" + op + "'");
      }
    }
    return new TxnResult(ApiJson.bool(root, "succeeded"), ApiJson.number(root, "revision"), results);
  }

  /** A key's delete: {@code "deleted": true|false} with its {@code prevKv}. */
  private static DeleteResult readDelete(JsonNode r, long revision) {
    KeyValue prev = optionalKv(r, "prevKv");
    boolean deleted = ApiJson.bool(r, "deleted");
    if (deleted != (prev != null)) {
      throw ApiJson.answer("txn delete result: 'prevKv' must be present exactly when 'deleted'");
    }
    return new DeleteResult(revision, deleted, prev);
  }

  /** A range delete: {@code "deleted": N} and {@code "prevKvs"}. */
  private static DeleteRangeResult readDeleteRange(JsonNode r, long revision) {
    JsonNode prev = r.get("prevKvs");
    if (prev == null || !prev.isArray()) {
      throw ApiJson.answer("txn range delete result: 'prevKvs' must be an array");
    }
    List<KeyValue> kvs = new ArrayList<>(prev.size());
    prev.forEach(kv -> kvs.add(ApiJson.readKeyValue(kv)));
    try {
      return new DeleteRangeResult(revision, ApiJson.number(r, "deleted"), kvs);
    } catch (IllegalArgumentException e) {
      throw ApiJson.answer("txn range delete result: " + e.getMessage());
    }
  }

  private static KeyValue optionalKv(JsonNode node, String field) {
    JsonNode v = node.get(field);
    if (v == null) {
      throw ApiJson.answer("'" + field + "' is missing");
    }
    return v.isNull() ? null : ApiJson.readKeyValue(v);
  }
}
