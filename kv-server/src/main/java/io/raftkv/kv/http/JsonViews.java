package io.raftkv.kv.http;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.raftkv.kv.KeyValue;
import io.raftkv.kv.RangeResult;
import java.util.Base64;

/** JSON renderings of store data shared by the range and transaction endpoints. Values are base64. */
final class JsonViews {

  private JsonViews() {}

  static ObjectNode keyValue(KeyValue kv) {
    ObjectNode node = Responses.object();
    node.put("key", kv.key());
    node.put("value", Base64.getEncoder().encodeToString(kv.value()));
    node.put("createRevision", kv.createRevision());
    node.put("modRevision", kv.modRevision());
    node.put("version", kv.version());
    return node;
  }

  /** {@code {"revision": R, "kvs": [...], "more": bool}}. */
  static ObjectNode range(RangeResult r) {
    ObjectNode node = Responses.object();
    node.put("revision", r.revision());
    ArrayNode kvs = node.putArray("kvs");
    for (KeyValue kv : r.kvs()) {
      kvs.add(keyValue(kv));
    }
    node.put("more", r.more());
    return node;
  }

  static String etag(long modRevision) {
    return "\"" + modRevision + "\"";
  }
}
