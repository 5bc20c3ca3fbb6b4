package io.scaligator.local.bench;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * CPU time of this JVM's threads, grouped by thread name with digits and ids folded (so the 8 broker request
 * handlers are one group): a snapshot before the measured run, one after, and what each group used in between.
 * The process CPU not on any live Java thread is GC, JIT and threads that ended during the run.
 */
final class ThreadCpu {

    private final Map<Long, Long> cpuById;
    private final Map<Long, String> groupById;
    private final long processCpuNanos;
    private final long jitMillis;
    private final long gcMillis;

    private ThreadCpu(Map<Long, Long> cpuById, Map<Long, String> groupById, long processCpuNanos, long jitMillis,
            long gcMillis) {
        this.cpuById = cpuById;
        this.groupById = groupById;
        this.processCpuNanos = processCpuNanos;
        this.jitMillis = jitMillis;
        this.gcMillis = gcMillis;
    }

    static ThreadCpu snapshot() {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        Map<Long, Long> cpu = new HashMap<>();
        Map<Long, String> groups = new HashMap<>();
        for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (info == null) {
                continue;
            }
            long nanos = threads.getThreadCpuTime(info.getThreadId());
            if (nanos >= 0) {
                cpu.put(info.getThreadId(), nanos);
                groups.put(info.getThreadId(), group(info.getThreadName()));
            }
        }
        long process = ManagementFactory.getPlatformMXBean(com.sun.management.OperatingSystemMXBean.class)
                .getProcessCpuTime();
        long gc = 0;
        for (GarbageCollectorMXBean collector : ManagementFactory.getGarbageCollectorMXBeans()) {
            gc += Math.max(0, collector.getCollectionTime());
        }
        return new ThreadCpu(cpu, groups, process, ManagementFactory.getCompilationMXBean().getTotalCompilationTime(),
                gc);
    }

    /** Thread names without their numbers and generated ids: "kafka-request-handler-3" -> "kafka-request-handler-#". */
    static String group(String threadName) {
        return threadName.replaceAll("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", "<id>")
                .replaceAll("[0-9]+", "#");
    }

    /** The groups that used the most CPU since {@code before}, as lines "seconds  share  group", largest first. */
    List<String> since(ThreadCpu before, int top) {
        Map<String, Long> byGroup = new HashMap<>();
        long onThreads = 0;
        for (Map.Entry<Long, Long> e : cpuById.entrySet()) {
            long used = e.getValue() - before.cpuById.getOrDefault(e.getKey(), 0L);
            byGroup.merge(groupById.get(e.getKey()), used, Long::sum);
            onThreads += used;
        }
        long process = processCpuNanos - before.processCpuNanos;
        List<String> lines = new ArrayList<>();
        lines.add(String.format(Locale.ROOT, "%7.1f s  100.0 %%  the whole process", process / 1e9));
        byGroup.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(top)
                .forEach(e -> lines.add(line(e.getValue(), process, e.getKey())));
        lines.add(line(process - onThreads, process, String.format(Locale.ROOT, "GC, JIT and threads that ended "
                + "during the run (JIT compiling %.1f s, GC collections %.1f s of wall time)",
                (jitMillis - before.jitMillis) / 1e3, (gcMillis - before.gcMillis) / 1e3)));
        return lines;
    }

    private static String line(long nanos, long total, String what) {
        return String.format(Locale.ROOT, "%7.1f s  %5.1f %%  %s", nanos / 1e9, 100.0 * nanos / total, what);
    }
}
