package io.scaligator.common.target;

import java.util.Map;
import java.util.OptionalInt;
import java.util.TreeMap;

/**
 * The {@code scaligator.io/} annotations, in one place: those an operator sets on a workload to steer Scaligator,
 * and those the actuator writes to remember the commands it applied.
 */
public final class Annotations {

    /** Prefix of every annotation Scaligator reads or writes; only these are carried into observations. */
    public static final String PREFIX = "scaligator.io/";
    /** {@code "true"}: Scaligator never scales the workload, and drops what it remembered of it. */
    public static final String EXCLUDE = PREFIX + "exclude";
    /** {@code "true"}: replicas stay as they are; signals are still recorded. */
    public static final String PAUSED = PREFIX + "paused";
    /** Overrides {@code min_replicas} for the workload. */
    public static final String MIN_REPLICAS = PREFIX + "min-replicas";
    /** Lowers {@code max_replicas} for the workload (never raises it). */
    public static final String MAX_REPLICAS = PREFIX + "max-replicas";
    /** The workload's own uptime schedule, replacing its namespace's time rules. */
    public static final String UPTIME = PREFIX + "uptime";
    /** The workload's own downtime schedule, replacing its namespace's time rules. */
    public static final String DOWNTIME = PREFIX + "downtime";
    /** Replicas during downtime, replacing {@code downtime_replicas}. */
    public static final String DOWNTIME_REPLICAS = PREFIX + "downtime-replicas";
    /**
     * The demand forecast of the workload's proportional metric rules: {@code off}, {@code forecast-only} or
     * {@code forecast-and-scale}, replacing each rule's {@code forecast}.
     */
    public static final String FORECAST = PREFIX + "forecast";
    /** Written by the actuator: the id of the last command applied to the workload. */
    public static final String LAST_COMMAND_ID = PREFIX + "last-command-id";
    /** Written by the actuator: the decidedAt of that command (ISO-8601). */
    public static final String LAST_DECIDED_AT = PREFIX + "last-decided-at";
    /** Written by the actuator: ids of the most recently applied commands, newest first, comma separated. */
    public static final String RECENT_COMMAND_IDS = PREFIX + "recent-command-ids";

    private Annotations() {}

    /** Whether a boolean annotation is set to {@code "true"} (case-insensitive, surrounding blanks ignored). */
    public static boolean flag(Map<String, String> annotations, String key) {
        return "true".equalsIgnoreCase(annotations.getOrDefault(key, "").trim());
    }

    /**
     * A replica-count annotation ({@link #MIN_REPLICAS}, {@link #MAX_REPLICAS}, {@link #DOWNTIME_REPLICAS}); empty
     * if absent.
     *
     * @throws IllegalArgumentException naming the annotation and its value if that is not an integer >= 0
     */
    public static OptionalInt count(Map<String, String> annotations, String key) {
        String text = annotations.get(key);
        if (text == null) {
            return OptionalInt.empty();
        }
        try {
            int value = Integer.parseInt(text.trim());
            if (value >= 0) {
                return OptionalInt.of(value);
            }
        } catch (NumberFormatException e) {
            // reported below, with the annotation's name
        }
        throw new IllegalArgumentException("annotation " + key + "=\"" + text + "\" is not an integer >= 0");
    }

    /**
     * Only the {@code scaligator.io/} annotations of a workload (none when it has none), sorted by key: the rest is
     * not Scaligator's to read, to keep or to copy into Kafka.
     */
    public static Map<String, String> ours(Map<String, String> annotations) {
        Map<String, String> kept = new TreeMap<>();
        if (annotations != null) {
            annotations.forEach((key, value) -> {
                if (key.startsWith(PREFIX) && value != null) {
                    kept.put(key, value);
                }
            });
        }
        return kept;
    }
}
