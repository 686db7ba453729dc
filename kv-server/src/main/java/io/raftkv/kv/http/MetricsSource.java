package io.raftkv.kv.http;

/**
 * Renders {@code GET /metrics}. The HTTP layer knows no metrics library: raftkv-node implements this with
 * the Prometheus Java client's writers, so the exposition format is never written by hand.
 */
public interface MetricsSource {

  /** A rendered scrape: its {@code Content-Type} and body. */
  record Exposition(String contentType, byte[] body) {}

  /**
   * Collects and renders every metric in the format {@code accept} (the request's Accept header, may be
   * null) asks for: OpenMetrics text when accepted, else the Prometheus text format. May take a few ms;
   * called off the network threads.
   */
  Exposition scrape(String accept);
}
