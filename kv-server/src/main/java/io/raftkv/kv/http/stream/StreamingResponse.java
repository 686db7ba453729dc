package io.raftkv.kv.http.stream;

import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.Objects;

/**
 * A response whose body is streamed: the status and headers go out at once, the body is pulled from
 * {@code source} as the client takes it. {@code Content-Length} must not be set; the HTTP layer frames the
 * body (HTTP/1.1 chunked, or HTTP/2 DATA frames).
 *
 * <p>Ownership: handing a {@code StreamingResponse} to the HTTP layer hands it the source; the layer
 * closes it exactly once, also when the stream is refused (too many streams open) or never starts (the
 * client left first).
 */
public record StreamingResponse(HttpResponseStatus status, HttpHeaders headers, ChunkSource source) {

  public StreamingResponse {
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(headers, "headers");
    Objects.requireNonNull(source, "source");
  }
}
