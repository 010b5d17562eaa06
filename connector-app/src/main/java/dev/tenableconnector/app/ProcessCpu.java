package dev.tenableconnector.app;

import java.lang.management.ManagementFactory;
import java.time.Duration;

/** The CPU time (user + system, every thread) this process has used so far. */
final class ProcessCpu {
  private ProcessCpu() {}

  static Duration ours() {
    if (ManagementFactory.getOperatingSystemMXBean()
        instanceof com.sun.management.OperatingSystemMXBean os) {
      long nanos = os.getProcessCpuTime();
      if (nanos >= 0) {
        return Duration.ofNanos(nanos);
      }
    }
    return ProcessHandle.current().info().totalCpuDuration().orElse(Duration.ZERO);
  }
}
