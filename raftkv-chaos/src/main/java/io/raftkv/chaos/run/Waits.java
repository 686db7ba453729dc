package io.raftkv.chaos.run;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.Callable;
import org.awaitility.core.ConditionTimeoutException;

/** Polls a condition until it holds or a limit passes; answers whether it held. */
final class Waits {

  private Waits() {}

  static boolean until(Duration limit, Callable<Boolean> condition) {
    try {
      await().atMost(limit).pollInterval(Duration.ofMillis(100)).pollInSameThread().ignoreExceptions()
          .until(condition);
      return true;
    } catch (ConditionTimeoutException e) {
      return false;
    }
  }
}
