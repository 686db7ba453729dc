package io.raftkv.chaos.history;

/**
 * What a client learned about one operation.
 *
 * <p>The distinction between {@link #FAIL} and {@link #UNKNOWN} is what makes the checker sound:
 * only answers for which the API guarantees the command was not applied may be recorded as FAIL.
 * Anything else that is not a definite success is UNKNOWN.
 */
public enum Outcome {
  /** The server acknowledged the operation; for reads the observed value is in the reply. */
  OK,
  /**
   * Definitely not applied: 412 CAS mismatch, 404 on a conditional write, 503 "not applied",
   * 429. The checker drops these operations. Note that a 404 on a plain read is not a failure:
   * it is an OK read that observed an absent key.
   */
  FAIL,
  /**
   * Indeterminate: timeout, 504, connection reset after the request was sent. The operation may
   * have taken effect once at any point after its invocation, or never.
   */
  UNKNOWN
}
