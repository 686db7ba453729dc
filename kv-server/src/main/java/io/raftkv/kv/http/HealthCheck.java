package io.raftkv.kv.http;

import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * One named check of {@code /livez} or {@code /readyz} (the Kubernetes/etcd probe convention). The HTTP
 * layer only runs and renders checks; what they look at is the node's business (raftkv-node).
 */
public interface HealthCheck {

  /** The name shown as {@code [+]name ok} and accepted by {@code ?exclude=name}; a short snake_case word. */
  String name();

  /**
   * Runs the check without blocking the caller: completes with {@code null} when it passes, else with the
   * reason it failed. A check that can wait (a ReadIndex round) bounds its own wait.
   */
  CompletableFuture<String> run();

  /** A check that is a cheap computation: {@code check} returns null (ok) or the failure reason. */
  static HealthCheck of(String name, Supplier<String> check) {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(check, "check");
    return new HealthCheck() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public CompletableFuture<String> run() {
        try {
          return CompletableFuture.completedFuture(check.get());
        } catch (RuntimeException e) {
          return CompletableFuture.completedFuture("check threw " + e);
        }
      }
    };
  }
}
