package io.scaligator.engine.core;

/**
 * The kinds of source that recommend a count; a recommendation's source is {@code kind:name}, e.g.
 * {@code metric:cpu}.
 */
public enum Source {
    /** A metric rule. */
    METRIC("metric"),
    /** An alert rule's floor. */
    ALERT("alert"),
    /** A trigger, named by its source. */
    TRIGGER("trigger"),
    /** A metric rule's demand forecast, named by the rule. */
    FORECAST("forecast"),
    /** A time rule, {@code time:annotation} for the workload's own schedule, {@code time:restore} after downtime. */
    TIME("time");

    /** The source that restores the count a downtime started from. */
    public static final String RESTORE = TIME.of("restore");
    /** The source of a workload's own uptime/downtime annotations. */
    public static final String ANNOTATION_SCHEDULE = TIME.of("annotation");

    private final String prefix;

    Source(String prefix) {
        this.prefix = prefix;
    }

    /** The source name of the rule, trigger source or schedule {@code name}. */
    public String of(String name) {
        return prefix + ":" + name;
    }
}
