package io.raftkv.kv.http;

/**
 * Told about every answered request, for request metrics. Called on a network thread when the response (or
 * a stream's head) is written, so it must be cheap and must not block.
 */
public interface HttpObserver {

  HttpObserver NONE = (route, method, status, nanos) -> {};

  /**
   * @param route a bounded route name from {@link Router#routeName} ({@code kv_key}, {@code txn}, ...), never
   *     a path or key
   * @param method the request method, or {@code OTHER} for one outside RFC 9110's set
   * @param status the HTTP status sent
   * @param nanos from the request's arrival to its response being handed to the connection
   */
  void observe(String route, String method, int status, long nanos);
}
