package io.raftkv.client;

import com.fasterxml.jackson.databind.JsonNode;
import io.raftkv.client.http.HttpResult;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/** Decodes the server's key-value JSON ({@code key}, base64 {@code value}, revisions) for lists and txns. */
final class KeyValueJson {

  private KeyValueJson() {
  }

  static List<KeyValue> parseList(JsonNode root, HttpResult response) {
    JsonNode items = root.isArray() ? root : root.path("kvs");
    if (!items.isArray()) {
      throw new ServerErrorException(response.status(), response.endpoint() + " list answer is not a JSON list: "
          + Responses.abbreviate(response.bodyText()));
    }
    List<KeyValue> result = new ArrayList<>(items.size());
    for (JsonNode item : items) {
      result.add(parse(item, response));
    }
    return List.copyOf(result);
  }

  static KeyValue parse(JsonNode item, HttpResult response) {
    byte[] value;
    try {
      value = Base64.getDecoder().decode(item.path("value").asText(""));
    } catch (IllegalArgumentException e) {
      throw new ServerErrorException(response.status(), response.endpoint() + " sent a non-base64 value");
    }
    return new KeyValue(item.path("key").asText(), value, item.path("createRevision").asLong(),
        item.path("modRevision").asLong(), item.path("version").asLong());
  }
}
