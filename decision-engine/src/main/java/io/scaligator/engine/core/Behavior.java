package io.scaligator.engine.core;

import io.scaligator.common.config.EngineSettings;
import java.time.Duration;

/**
 * HPA-style behaviour applied to every combined recommendation: stabilization windows, rate policies, tolerance;
 * and how long an issued command is awaited before the same change is commanded again (the actuator's command
 * TTL: after it, the actuator would skip the old command as expired anyway); how long an alert floor lives
 * without a firing notification; whether triggers may scale up a workload a person switched off; and how long a
 * pod must have been ready before its metric counts as a ready pod's.
 */
public record Behavior(
        Duration stabilizationUp,
        Duration stabilizationDown,
        int scaleUpPercent,
        int scaleUpPods,
        Duration scaleUpPeriod,
        int scaleDownPercent,
        Duration scaleDownPeriod,
        double tolerance,
        long triggerTtlMaxSeconds,
        Duration commandWait,
        Duration alertFloorTtl,
        boolean triggersActivateFromZero,
        Duration readyWindow) {

    public static Behavior from(EngineSettings engine, Duration commandTtl) {
        return new Behavior(
                engine.stabilizationUp(),
                engine.stabilizationDown(),
                engine.scaleUpPercent(),
                engine.scaleUpPods(),
                engine.scaleUpPeriod(),
                engine.scaleDownPercent(),
                engine.scaleDownPeriod(),
                engine.tolerance(),
                engine.triggerTtlMaxSeconds(),
                commandTtl,
                engine.alertFloorTtl(),
                engine.triggersActivateFromZero(),
                engine.readyWindow());
    }

    /** How long recommendations must be remembered for the stabilization windows. */
    public Duration longestWindow() {
        return stabilizationUp.compareTo(stabilizationDown) > 0 ? stabilizationUp : stabilizationDown;
    }

    /** How long scale events must be remembered for the rate policies. */
    public Duration longestPeriod() {
        return scaleUpPeriod.compareTo(scaleDownPeriod) > 0 ? scaleUpPeriod : scaleDownPeriod;
    }
}
