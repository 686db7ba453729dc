package io.raftkv.chaos.check;

import io.raftkv.chaos.history.Operation;

/**
 * One operation as the search sees it.
 *
 * @param index dense index within the partition, the bit for this op in the linearized set
 * @param callNanos invocation time
 * @param returnNanos the time by which it must have taken effect; meaningless if not required
 * @param required true if it must be linearized (OK operations, and UNKNOWN ones whose effect
 *     a later OK operation observed); false if it may be left out (other UNKNOWN operations,
 *     whose completion is treated as +infinity)
 */
record SearchOp(int index, Operation op, long callNanos, long returnNanos, boolean required) {}
