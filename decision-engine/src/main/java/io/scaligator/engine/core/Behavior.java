package io.scaligator.engine.core;

import io.scaligator.common.config.EngineSettings;
import java.time.Duration;

/** HPA-style behaviour applied to every combined recommendation: stabilization windows, rate policies, tolerance. */
public record Behavior(Duration stabilizationUp, Duration stabilizationDown, int scaleUpPercent, int scaleUpPods,
        Duration scaleUpPeriod, int scaleDownPercent, Duration scaleDownPeriod, double tolerance,
        long triggerTtlMaxSeconds) {

    public static Behavior from(EngineSettings engine) {
        return new Behavior(engine.stabilizationUp(), engine.stabilizationDown(), engine.scaleUpPercent(),
                engine.scaleUpPods(), engine.scaleUpPeriod(), engine.scaleDownPercent(), engine.scaleDownPeriod(),
                engine.tolerance(), engine.triggerTtlMaxSeconds());
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
