package io.raftkv.client;

import io.raftkv.client.http.Endpoint;
import io.raftkv.client.http.EndpointPool;
import io.raftkv.client.http.ExchangeFailedException;
import io.raftkv.client.http.HttpRequestSpec;
import io.raftkv.client.http.HttpResult;
import io.raftkv.client.http.HttpTransport;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Sends a request to the cluster, moving to the next endpoint when the current one provably did not apply
 * it: the connection failed before the request was completely sent, or the server answered 503 (no leader
 * / not applied). Idempotent requests (reads) are also retried after a failure in flight or a 504.
 *
 * <p>Safety rule: a non-idempotent request that may have reached a server (sent, then the connection
 * failed or timed out, or 504) is never resent; it fails with {@link OutcomeUnknownException}. Resending
 * could apply a write twice, e.g. overwrite a newer value written by another client in between.
 *
 * <p>The endpoint that last answered is preferred for the next request (sticky), so once a request finds a
 * node that can serve it, later requests go there first.
 */
final class FailoverExecutor {

  private static final long BASE_BACKOFF_MILLIS = 50;
  private static final long MAX_BACKOFF_MILLIS = 1000;

  private final HttpTransport transport;
  private final List<EndpointPool> pools;
  private final int maxAttempts;
  private final AtomicInteger preferred = new AtomicInteger();

  FailoverExecutor(HttpTransport transport, int maxAttempts) {
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("maxAttempts must be >= 1: " + maxAttempts);
    }
    this.transport = transport;
    this.pools = transport.pools();
    this.maxAttempts = maxAttempts;
  }

  /** The index of the endpoint tried first by the next request. */
  int preferredEndpoint() {
    return preferred.get();
  }

  /**
   * Completes with the first response that is neither 503 nor (for reads) 504, or exceptionally with a
   * {@link RaftKvException}.
   */
  CompletableFuture<HttpResult> execute(HttpRequestSpec request) {
    CompletableFuture<HttpResult> result = new CompletableFuture<>();
    attempt(request, result, 1, preferred.get());
    return result;
  }

  private void attempt(HttpRequestSpec request, CompletableFuture<HttpResult> result, int attempt, int index) {
    EndpointPool pool = pools.get(index);
    pool.send(request).whenComplete((response, error) -> {
      if (error == null) {
        onResponse(request, result, attempt, index, response);
      } else {
        onExchangeFailure(request, result, attempt, index, unwrap(error));
      }
    });
  }

  private void onResponse(HttpRequestSpec request, CompletableFuture<HttpResult> result, int attempt, int index,
      HttpResult response) {
    int status = response.status();
    if (status == 503 || (status == 504 && request.idempotent())) {
      long retryAfterMillis = response.header("retry-after").map(FailoverExecutor::parseRetryAfter).orElse(-1L);
      String detail = ResponseReader.errorMessage(response);
      retry(request, result, attempt, index, leaderHint(response, index), retryAfterMillis,
          new UnavailableException(status, request + ": " + response.endpoint() + " answered " + status
              + (detail.isEmpty() ? "" : " (" + detail + ")"), null));
    } else if (status == 504) {
      result.completeExceptionally(new OutcomeUnknownException(504, request + ": " + response.endpoint()
          + " answered 504, the write may or may not have been applied; read before retrying", null));
    } else {
      preferred.set(index);
      result.complete(response);
    }
  }

  private void onExchangeFailure(HttpRequestSpec request, CompletableFuture<HttpResult> result, int attempt,
      int index, Throwable error) {
    if (!(error instanceof ExchangeFailedException failed)) {
      result.completeExceptionally(new RaftKvException(request + ": " + error, error));
      return;
    }
    if (failed.requestSent() && !request.idempotent()) {
      result.completeExceptionally(new OutcomeUnknownException(0, request + ": sent, then " + failed.getMessage()
          + "; the write may or may not have been applied; read before retrying", failed));
      return;
    }
    retry(request, result, attempt, index, -1, -1,
        new UnavailableException(0, request + ": " + failed.getMessage(), failed));
  }

  private void retry(HttpRequestSpec request, CompletableFuture<HttpResult> result, int attempt, int index,
      int hinted, long retryAfterMillis, UnavailableException failure) {
    if (attempt >= maxAttempts) {
      result.completeExceptionally(new UnavailableException(failure.status(),
          "no endpoint could serve the request after " + attempt + " attempt(s); last: " + failure.getMessage(),
          failure.getCause()));
      return;
    }
    int next = hinted >= 0 ? hinted : (index + 1) % pools.size();
    preferred.compareAndSet(index, next);
    // Go straight to the next endpoint (or the leader the node named); back off after every round of
    // failures, so a cluster that is electing a leader (Raft §5.2, about one election timeout) is not
    // hammered, and stale leader hints pointing back and forth cannot spin.
    long delay = 0;
    if (attempt % pools.size() == 0) {
      int round = attempt / pools.size();
      long backoff = Math.min(MAX_BACKOFF_MILLIS, BASE_BACKOFF_MILLIS << Math.min(round - 1, 10));
      delay = retryAfterMillis >= 0 ? Math.min(retryAfterMillis, MAX_BACKOFF_MILLIS) : backoff;
    }
    if (delay == 0) {
      attempt(request, result, attempt + 1, next);
      return;
    }
    try {
      transport.schedule(() -> attempt(request, result, attempt + 1, next), delay);
    } catch (RejectedExecutionException e) {
      result.completeExceptionally(new UnavailableException(0, "client closed", e));
    }
  }

  /**
   * The index of the endpoint a 503 names as leader ({@code "leader": "<client URL>"}), or -1 when there is
   * no hint, it is not one of ours, or it is the endpoint that just answered.
   */
  private int leaderHint(HttpResult response, int index) {
    String hint = ResponseReader.leaderHint(response);
    if (hint.isEmpty()) {
      return -1;
    }
    Endpoint leader;
    try {
      leader = Endpoint.parse(hint);
    } catch (IllegalArgumentException e) {
      return -1;
    }
    for (int i = 0; i < pools.size(); i++) {
      if (i != index && pools.get(i).endpoint().equals(leader)) {
        return i;
      }
    }
    return -1;
  }

  private static long parseRetryAfter(String value) {
    try {
      return Math.max(0, Long.parseLong(value.trim())) * 1000;
    } catch (NumberFormatException e) {
      return -1; // HTTP-date form: fall back to exponential backoff
    }
  }

  static Throwable unwrap(Throwable error) {
    Throwable t = error;
    while (t instanceof CompletionException && t.getCause() != null) {
      t = t.getCause();
    }
    return t;
  }
}
