package io.scaligator.testkit;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * CPU time of this JVM's threads, grouped by thread name with digits and ids folded (so the 8 broker request
 * handlers are one group): a snapshot before the measured run, one after, and what each group used in between.
 * The JVM's GC and JIT compiler threads, which are not Java threads, are read from Linux's per-task accounting.
 */
public final class ThreadCpu {

    private static final String JIT = "JIT compiler";
    private static final String GC = "GC";

    private final Map<Long, Long> cpuById;
    private final Map<Long, String> nameById;
    private final long processCpuNanos;
    private final Map<String, Long> jvmInternal;

    private ThreadCpu(
            Map<Long, Long> cpuById, Map<Long, String> nameById, long processCpuNanos, Map<String, Long> jvmInternal) {
        this.cpuById = cpuById;
        this.nameById = nameById;
        this.processCpuNanos = processCpuNanos;
        this.jvmInternal = jvmInternal;
    }

    public static ThreadCpu snapshot() {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        Map<Long, Long> cpu = new HashMap<>();
        Map<Long, String> names = new HashMap<>();
        for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (info == null) {
                continue;
            }
            long nanos = threads.getThreadCpuTime(info.getThreadId());
            if (nanos >= 0) {
                cpu.put(info.getThreadId(), nanos);
                names.put(info.getThreadId(), info.getThreadName());
            }
        }
        long process = ManagementFactory.getPlatformMXBean(com.sun.management.OperatingSystemMXBean.class)
                .getProcessCpuTime();
        return new ThreadCpu(cpu, names, process, jvmInternalThreads());
    }

    /**
     * CPU of the JVM's own threads, which are not Java threads (GC, JIT compilers), from Linux's per-task
     * accounting ({@code /proc/self/task/<tid>/stat}, in clock ticks of 10 ms); empty elsewhere.
     */
    private static Map<String, Long> jvmInternalThreads() {
        Map<String, Long> byKind = new TreeMap<>();
        Path tasks = Path.of("/proc/self/task");
        if (!Files.isDirectory(tasks)) {
            return byKind;
        }
        try (Stream<Path> all = Files.list(tasks)) {
            all.forEach(task -> {
                try {
                    String comm = Files.readString(task.resolve("comm")).strip();
                    String kind = comm.contains("CompilerThre")
                            ? JIT
                            : comm.startsWith("GC Thread") || comm.startsWith("G1 ") ? GC : null;
                    if (kind != null) {
                        String stat = Files.readString(task.resolve("stat"));
                        String[] fields =
                                stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                        long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]); // utime + stime
                        byKind.merge(kind, ticks * 10_000_000L, Long::sum);
                    }
                } catch (IOException | RuntimeException e) {
                    // the task ended while we read it
                }
            });
        } catch (IOException e) {
            return byKind;
        }
        return byKind;
    }

    /** Thread names without their numbers and generated ids: "kafka-request-handler-3" -> "kafka-request-handler-#". */
    private static String group(String threadName) {
        return threadName
                .replaceAll("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", "<id>")
                .replaceAll("[0-9]+", "#");
    }

    /** CPU nanoseconds each group of live Java threads used since {@code before}. */
    public Map<String, Long> byGroupSince(ThreadCpu before) {
        Map<String, Long> byGroup = new HashMap<>();
        cpuById.forEach((id, nanos) ->
                byGroup.merge(group(nameById.get(id)), nanos - before.cpuById.getOrDefault(id, 0L), Long::sum));
        return byGroup;
    }

    /** CPU nanoseconds the JVM's JIT compiler threads used since {@code before} (0 where /proc is not there). */
    public long jitSince(ThreadCpu before) {
        return jvmInternal.getOrDefault(JIT, 0L) - before.jvmInternal.getOrDefault(JIT, 0L);
    }

    /** CPU nanoseconds the JVM's garbage collector threads used since {@code before} (0 where /proc is not there). */
    public long gcSince(ThreadCpu before) {
        return jvmInternal.getOrDefault(GC, 0L) - before.jvmInternal.getOrDefault(GC, 0L);
    }

    /**
     * The single Java threads that used the most CPU since {@code before}, as lines "seconds  share  name": shows
     * one busy thread that a group's total would hide (one event loop of several doing all the work).
     */
    public List<String> busiestThreads(ThreadCpu before, int top) {
        long process = processSince(before);
        return cpuById.entrySet().stream()
                .map(e ->
                        Map.entry(nameById.get(e.getKey()), e.getValue() - before.cpuById.getOrDefault(e.getKey(), 0L)))
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .limit(top)
                .map(e -> line(e.getValue(), process, e.getKey()))
                .toList();
    }

    /** CPU nanoseconds the whole process used since {@code before}. */
    public long processSince(ThreadCpu before) {
        return processCpuNanos - before.processCpuNanos;
    }

    /** The groups that used the most CPU since {@code before}, as lines "seconds  share  group", largest first. */
    public List<String> since(ThreadCpu before, int top) {
        Map<String, Long> byGroup = byGroupSince(before);
        long onThreads = byGroup.values().stream().mapToLong(Long::longValue).sum();
        long process = processSince(before);
        List<String> lines = new ArrayList<>();
        lines.add(String.format(Locale.ROOT, "%7.1f s  100.0 %%  the whole process", process / 1e9));
        byGroup.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .limit(top)
                .forEach(e -> lines.add(line(e.getValue(), process, e.getKey())));
        long internal = 0;
        for (Map.Entry<String, Long> e : jvmInternal.entrySet()) {
            long used = e.getValue() - before.jvmInternal.getOrDefault(e.getKey(), 0L);
            lines.add(line(used, process, "JVM " + e.getKey() + " threads"));
            internal += used;
        }
        lines.add(
                line(process - onThreads - internal, process, "threads that ended during the run, other JVM threads"));
        return lines;
    }

    private static String line(long nanos, long total, String what) {
        return String.format(Locale.ROOT, "%7.1f s  %5.1f %%  %s", nanos / 1e9, 100.0 * nanos / total, what);
    }
}
