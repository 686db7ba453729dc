package io.raftkv.client.http;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;

/**
 * A complete HTTP response, copied off Netty's buffers so it outlives the channel.
 *
 * @param status HTTP status code
 * @param headers response headers, names lower-cased (HTTP/2 requires lower case; HTTP/1.1 is normalised)
 * @param body response body bytes
 * @param endpoint the endpoint that answered, for error messages
 */
public record HttpResult(int status, Map<String, String> headers, byte[] body, String endpoint) {

  public HttpResult {
    headers = Map.copyOf(headers);
  }

  public Optional<String> header(String lowerCaseName) {
    return Optional.ofNullable(headers.get(lowerCaseName));
  }

  public String bodyText() {
    return new String(body, StandardCharsets.UTF_8);
  }
}
