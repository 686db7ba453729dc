package io.raftkv.kv.http;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.handler.codec.http.FullHttpResponse;
import io.raftkv.kv.api.KvServiceException;
import io.raftkv.kv.api.KvServiceException.Kind;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

/** Service failures map to the documented statuses, error codes and Retry-After headers. */
class ResponsesTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  private static JsonNode body(FullHttpResponse r) throws Exception {
    try {
      return JSON.readTree(r.content().toString(UTF_8));
    } finally {
      r.release();
    }
  }

  private static void check(Throwable failure, int status, String code, boolean retryAfter) throws Exception {
    FullHttpResponse r = Responses.failure(failure);
    assertThat(r.status().code()).isEqualTo(status);
    assertThat(r.headers().get("Content-Type")).isEqualTo("application/json");
    assertThat(r.headers().contains("Retry-After")).isEqualTo(retryAfter);
    assertThat(body(r).get("error").asText()).isEqualTo(code);
  }

  @Test
  void everyServiceFailureKindHasItsStatus() throws Exception {
    check(new KvServiceException(Kind.NO_LEADER, "no leader"), 503, "no_leader", true);
    check(new KvServiceException(Kind.OVERLOADED, "busy"), 429, "overloaded", true);
    check(new KvServiceException(Kind.TIMEOUT, "slow"), 504, "timeout", false);
    check(new KvServiceException(Kind.NOT_APPLIED_RETRYABLE, "lost leadership"), 503, "not_applied", true);
    check(new KvServiceException(Kind.BAD_REQUEST, "bad"), 400, "bad_request", false);
    check(new KvServiceException(Kind.INTERNAL, "bug"), 500, "internal", false);
  }

  @Test
  void wrappedAndForeignFailures() throws Exception {
    check(new CompletionException(new KvServiceException(Kind.NO_LEADER, "x")), 503, "no_leader", true);
    check(new TimeoutException(), 504, "timeout", false);
    check(new IllegalStateException("boom"), 500, "internal", false);
  }

  @Test
  void leaderHintIsReturned() throws Exception {
    FullHttpResponse r = Responses.failure(
        new KvServiceException(Kind.NO_LEADER, "not me", "http://10.0.0.2:8080", null));
    assertThat(body(r).get("leader").asText()).isEqualTo("http://10.0.0.2:8080");
  }
}
