package io.scaligator.engine.core;

/**
 * The codes a decision's {@code rule} carries when no single source decided it: refusals, holds and the bounds that
 * changed a recommendation. A source that won names itself instead ({@link Source}).
 */
public enum RuleCode {
    /** The namespace is outside watch_namespaces, or Scaligator's own. */
    NAMESPACE("namespace"),
    /** The receiver marked the signal not allowed. */
    NOT_ALLOWED("not-allowed"),
    /** An HPA or another autoscaler manages the workload. */
    OTHER_AUTOSCALER("other-autoscaler"),
    /** The workload carries {@code scaligator.io/exclude: "true"}. */
    EXCLUDED("excluded"),
    /** The workload was deleted. */
    DELETED("deleted"),
    /** The input would exceed a bound on what the engine keeps for a target ({@link Limits}). */
    BOUND("bound"),
    /** The workload carries {@code scaligator.io/paused: "true"}. */
    PAUSED("paused"),
    /** A {@code scaligator.io/} annotation cannot be used. */
    ANNOTATION("annotation"),
    /** An alert or trigger for a target not observed yet. */
    NO_OBSERVATION("no-observation"),
    /** A repeated signal. */
    DUPLICATE("duplicate"),
    /** A person scaled the workload to 0 and no rule may activate it from zero. */
    SWITCHED_OFF("switched-off"),
    /** The same change was commanded and does not show in an observation yet. */
    PENDING_COMMAND("pending-command"),
    /** A metric is missing, so the count may not go down. */
    MISSING_METRICS("missing-metrics"),
    /** No source recommends a count. */
    NO_RECOMMENDATION("no-recommendation"),
    /** A stabilization window kept the count. */
    STABILIZATION("stabilization"),
    /** A scale-up or scale-down rate policy limited the step. */
    RATE_LIMIT("rate-limit"),
    /** Raised to the minimum. */
    MIN_REPLICAS("min-replicas"),
    /** Capped at the maximum. */
    MAX_REPLICAS("max-replicas");

    private final String code;

    RuleCode(String code) {
        this.code = code;
    }

    /** The code as decisions and metrics carry it. */
    public String code() {
        return code;
    }

    @Override
    public String toString() {
        return code;
    }
}
