package io.raftkv.cli.bench;

import java.lang.management.ManagementFactory;

/**
 * What the load generator's own process spent during a run: CPU time of every thread and bytes allocated by
 * every live thread, read from the JVM (HotSpot's com.sun.management beans) at the start and end of the
 * measured run. The client is what users embed, so its cost per request is part of the system's; on a
 * shared machine it also says how much of the CPU the load generator took from the servers.
 *
 * <p>Owns one starting sample; immutable. A JVM without these beans reports -1 for the missing value.
 */
final class ClientCost {

  private final long startCpuNanos;
  private final long startAllocatedBytes;

  private ClientCost(long startCpuNanos, long startAllocatedBytes) {
    this.startCpuNanos = startCpuNanos;
    this.startAllocatedBytes = startAllocatedBytes;
  }

  /** Takes the starting sample. */
  static ClientCost start() {
    return new ClientCost(cpuNanos(), allocatedBytes());
  }

  /** The cost since {@link #start()} per operation, for {@code ops} operations completed. */
  BenchReport.Client perOperation(long ops) {
    return of(startCpuNanos, cpuNanos(), startAllocatedBytes, allocatedBytes(), ops);
  }

  /** The per-operation cost between two samples; -1 where a sample is missing or no operation completed. */
  static BenchReport.Client of(long cpuStart, long cpuEnd, long allocStart, long allocEnd, long ops) {
    double cpuMicros = ops <= 0 || cpuStart < 0 || cpuEnd < 0 ? -1 : (cpuEnd - cpuStart) / 1000.0 / ops;
    double bytes = ops <= 0 || allocStart < 0 || allocEnd < 0 ? -1 : (double) (allocEnd - allocStart) / ops;
    return new BenchReport.Client(cpuMicros, bytes);
  }

  private static long cpuNanos() {
    if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
      return os.getProcessCpuTime();
    }
    return -1;
  }

  private static long allocatedBytes() {
    if (ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean threads
        && threads.isThreadAllocatedMemorySupported() && threads.isThreadAllocatedMemoryEnabled()) {
      return threads.getTotalThreadAllocatedBytes();
    }
    return -1;
  }
}
