package io.scaligator.engine;

import io.scaligator.common.config.ConfigLoader;
import io.scaligator.common.config.ScaligatorConfig;
import io.scaligator.common.event.AlertDetails;
import io.scaligator.common.event.AlertSignal;
import io.scaligator.common.event.MetricSample;
import io.scaligator.common.event.Observation;
import io.scaligator.common.event.TriggerDetails;
import io.scaligator.common.target.TargetRef;
import io.scaligator.engine.core.Policy;
import io.scaligator.engine.policy.Policies;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Builders for configs, policies and input events shared by the engine's tests. */
public final class Fixtures {

    public static final TargetRef WEB = TargetRef.deployment("default", "web");

    private Fixtures() {}

    /** Loads a config from TOML text, as the engine would from its file. */
    public static ScaligatorConfig config(String toml) {
        try {
            Path file = Files.createTempFile("scaligator-engine-test", ".toml");
            try {
                Files.writeString(file, toml);
                return ConfigLoader.load(file, Map.of("SCALIGATOR_RECEIVER_AUTH", "none"))
                        .config();
            } finally {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Policy policy(String toml) {
        return Policies.from(config(toml));
    }

    public static Observation observation(
            TargetRef target,
            String at,
            int spec,
            Map<String, Double> metrics,
            Map<String, String> annotations,
            String otherAutoscaler) {
        List<MetricSample> samples = new ArrayList<>();
        metrics.forEach((rule, value) -> samples.add(
                value == null
                        ? MetricSample.missing(rule, "query failed: timeout")
                        : MetricSample.present(rule, value)));
        samples.sort(java.util.Comparator.comparing(MetricSample::rule));
        return new Observation(
                "obs-" + target.name() + "-" + at,
                target,
                Instant.parse(at),
                spec,
                spec,
                samples,
                otherAutoscaler,
                annotations);
    }

    public static Observation cpu(String at, int spec, Double cpu) {
        Map<String, Double> metrics = new java.util.HashMap<>();
        metrics.put("cpu", cpu);
        return observation(WEB, at, spec, metrics, Map.of(), null);
    }

    public static AlertSignal alert(
            String id,
            TargetRef target,
            String at,
            AlertDetails.AlertStatus status,
            String fingerprint,
            String startsAt,
            Map<String, String> labels) {
        return new AlertSignal(
                id,
                AlertSignal.SignalKind.ALERT,
                target,
                null,
                true,
                null,
                Instant.parse(at),
                new AlertDetails(
                        labels.getOrDefault("alertname", "Alert"),
                        status,
                        fingerprint,
                        Instant.parse(startsAt),
                        null,
                        labels,
                        Map.of(),
                        null,
                        "scaligator",
                        "{}"),
                null);
    }

    public static AlertSignal trigger(String id, TargetRef target, String at, TriggerDetails details) {
        return new AlertSignal(
                id, AlertSignal.SignalKind.TRIGGER, target, null, true, null, Instant.parse(at), null, details);
    }
}
