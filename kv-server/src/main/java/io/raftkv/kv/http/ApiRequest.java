package io.raftkv.kv.http;

import io.netty.buffer.ByteBufUtil;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.raftkv.api.ErrorKind;
import java.util.List;
import java.util.Map;

/**
 * A request reduced to what the endpoints need, copied out of Netty's reference-counted buffers so it can
 * outlive the read that delivered it.
 *
 * @param rawPath the path as sent, still percent-encoded (keys are decoded by {@link PathKeys})
 * @param query decoded query parameters
 */
record ApiRequest(HttpMethod method, String rawPath, Map<String, List<String>> query, HttpHeaders headers,
    byte[] body) {

  static ApiRequest of(FullHttpRequest request) {
    String uri = request.uri();
    // Absolute-form request targets (RFC 9112 §3.2.2) carry scheme and authority before the path.
    if (uri.startsWith("http://") || uri.startsWith("https://")) {
      int slash = uri.indexOf('/', uri.indexOf("//") + 2);
      uri = slash < 0 ? "/" : uri.substring(slash);
    }
    int q = uri.indexOf('?');
    String path = q < 0 ? uri : uri.substring(0, q);
    Map<String, List<String>> params;
    try {
      params = q < 0 ? Map.of() : new QueryStringDecoder(uri.substring(q), false).parameters();
    } catch (IllegalArgumentException e) {
      throw new ApiException(ErrorKind.BAD_PARAMETER, "malformed query string: " + e.getMessage());
    }
    byte[] body = ByteBufUtil.getBytes(request.content());
    return new ApiRequest(request.method(), path, params, request.headers(), body);
  }

  /** The single value of query parameter {@code name}, or {@code null}; 400 when given twice. */
  String param(String name) {
    List<String> values = query.get(name);
    if (values == null || values.isEmpty()) {
      return null;
    }
    if (values.size() > 1) {
      throw new ApiException(ErrorKind.BAD_PARAMETER, "query parameter '" + name + "' given more than once");
    }
    return values.get(0);
  }
}
