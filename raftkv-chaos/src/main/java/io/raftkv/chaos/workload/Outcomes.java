package io.raftkv.chaos.workload;

import io.raftkv.chaos.history.HistoryRecorder;

/** Maps an HTTP {@link Answer} of a state-changing request onto the history's outcomes. */
final class Outcomes {

  private Outcomes() {}

  /**
   * 2xx is OK; a provable not-applied answer is FAIL; everything else (timeout, broken connection,
   * 504, 500) is UNKNOWN. Returns true for UNKNOWN.
   */
  static boolean completeWrite(HistoryRecorder.Pending p, Answer a) {
    if (a.responded() && a.status() / 100 == 2) {
      p.ok();
      return false;
    }
    if (a.definitelyNotApplied()) {
      p.fail(a.describe());
      return false;
    }
    p.unknown(a.describe());
    return true;
  }

  /** {@code node}'s own values of {@code keys}, as {@code k=v k=v} in that order (serializable GETs). */
  static String serializableValues(KvHttp kv, String node, java.util.List<String> keys) {
    return keys.stream().map(k -> k + "=" + serializableValue(kv.sendTo(node, KvHttp.Request.get(k, true))))
        .collect(java.util.stream.Collectors.joining(" "));
  }

  /** A serializable GET's value for state comparison: the value, {@code <absent>}, or an exception. */
  static String serializableValue(Answer a) {
    if (a.responded() && a.status() == 200) {
      return a.bodyText();
    }
    if (a.responded() && a.status() == 404) {
      return "<absent>";
    }
    throw new IllegalStateException("serializable read on " + a.node() + " failed: " + a.describe()
        + (a.responded() ? " " + a.bodyText() : ""));
  }
}
