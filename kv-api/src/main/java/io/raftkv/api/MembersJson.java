package io.raftkv.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/**
 * The JSON of {@link Members} and of the {@code POST /v1/members} body, both ways (docs/API.md,
 * "Members"). Kept beside {@link ApiJson}, whose mapper and strictness rules it shares.
 */
public final class MembersJson {

  /** The body of {@code POST /v1/members}. */
  public record AddRequest(String id, String peerAddress, String clientUrl) {}

  private MembersJson() {}

  public static ObjectNode membersJson(Members m) {
    ObjectNode root = ApiJson.MAPPER.createObjectNode();
    root.put("configIndex", m.configIndex());
    if (m.leaderId() == null) {
      root.putNull("leader");
    } else {
      root.put("leader", m.leaderId());
    }
    ArrayNode arr = root.putArray("members");
    for (Members.Member x : m.members()) {
      ObjectNode n = arr.addObject();
      n.put("id", x.id());
      n.put("peerAddress", x.peerAddress());
      n.put("clientUrl", x.clientUrl());
      n.put("role", x.role());
      n.put("matchIndex", x.matchIndex());
      n.put("behind", x.behind());
    }
    return root;
  }

  public static Members readMembers(JsonNode root) {
    if (root == null || !root.isObject() || !root.path("members").isArray()
        || !root.path("configIndex").canConvertToLong()) {
      throw new ApiJsonException(ErrorKind.INTERNAL, "unexpected members answer: " + root);
    }
    List<Members.Member> out = new ArrayList<>();
    for (JsonNode n : root.get("members")) {
      out.add(new Members.Member(n.path("id").asText(), n.path("peerAddress").asText(""),
          n.path("clientUrl").asText(""), n.path("role").asText(), n.path("matchIndex").asLong(-1),
          n.path("behind").asLong(-1)));
    }
    JsonNode leader = root.path("leader");
    return new Members(root.get("configIndex").asLong(), leader.isTextual() ? leader.asText() : null, out);
  }

  public static ObjectNode addRequestJson(AddRequest r) {
    ObjectNode n = ApiJson.MAPPER.createObjectNode();
    n.put("id", r.id());
    n.put("peerAddress", r.peerAddress());
    n.put("clientUrl", r.clientUrl());
    return n;
  }

  /** Reads the add body strictly: an object with exactly the text fields id, peerAddress, clientUrl. */
  public static AddRequest readAddRequest(byte[] body) {
    JsonNode root = ApiJson.readTree(body, ErrorKind.BAD_JSON);
    if (!root.isObject()) {
      throw new ApiJsonException(ErrorKind.BAD_JSON, "expected an object {\"id\", \"peerAddress\", \"clientUrl\"}");
    }
    root.fieldNames().forEachRemaining(f -> {
      if (!List.of("id", "peerAddress", "clientUrl").contains(f)) {
        throw new ApiJsonException(ErrorKind.BAD_JSON, "unknown field '" + f + "'");
      }
    });
    return new AddRequest(requiredText(root, "id"), requiredText(root, "peerAddress"), requiredText(root, "clientUrl"));
  }

  /** {@code {"to": "n2"}}, or an empty body: null (the most caught-up voter). */
  public static String readTransferTarget(byte[] body) {
    if (body.length == 0) {
      return null;
    }
    JsonNode root = ApiJson.readTree(body, ErrorKind.BAD_JSON);
    if (!root.isObject() || (root.has("to") && !root.get("to").isTextual()) || root.size() > 1
        || (root.size() == 1 && !root.has("to"))) {
      throw new ApiJsonException(ErrorKind.BAD_JSON, "expected {\"to\": \"<member id>\"} or no body");
    }
    return root.has("to") ? root.get("to").asText() : null;
  }

  private static String requiredText(JsonNode root, String field) {
    JsonNode v = root.get(field);
    if (v == null || !v.isTextual() || v.asText().isBlank()) {
      throw new ApiJsonException(ErrorKind.BAD_JSON, "field '" + field + "' must be a non-empty string");
    }
    return v.asText();
  }
}
