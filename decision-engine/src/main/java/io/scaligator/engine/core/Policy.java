package io.scaligator.engine.core;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.scaligator.common.config.AlertRule;
import io.scaligator.common.config.ConfigException;
import io.scaligator.common.config.MetricRule;
import io.scaligator.common.config.ScaligatorConfig;
import io.scaligator.common.config.TimeRule;
import io.scaligator.common.schedule.ScheduleException;
import io.scaligator.common.schedule.ScheduleParser;
import io.scaligator.common.serde.EventJson;
import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Everything a decision depends on besides the target's state and the input: rules, bounds, behaviour. Its
 * {@code version} is a hash of its canonical JSON, recorded in every decision and published to the
 * {@code policies} topic, so a decision can later be re-run with exactly the policy it was made with.
 */
public record Policy(String version, List<String> watchNamespaces, String ownNamespace, int minReplicas,
        int maxReplicas, int downtimeReplicas, Behavior behavior, List<MetricRule> metricRules,
        List<AlertRule> alertRules, List<TimeRule> timeRules) {

    public Policy {
        watchNamespaces = List.copyOf(watchNamespaces);
        metricRules = List.copyOf(metricRules);
        alertRules = List.copyOf(alertRules);
        timeRules = List.copyOf(timeRules);
    }

    /** Builds the policy from the loaded config; a schedule that does not parse fails naming its key. */
    public static Policy from(ScaligatorConfig config) {
        List<String> problems = new ArrayList<>();
        List<TimeRule> rules = config.timeRules();
        for (int i = 0; i < rules.size(); i++) {
            TimeRule rule = rules.get(i);
            boolean devKeys = config.disableDevAfter() != null && i == rules.size() - 1;
            String key = devKeys ? "disable_dev_after / enable_dev_after"
                    : "time_rules[" + i + "]." + (rule.uptime() != null ? "uptime" : "downtime");
            try {
                ScheduleParser.parse(rule.uptime() != null ? rule.uptime() : rule.downtime());
            } catch (ScheduleException e) {
                problems.add(key + ": " + e.getMessage());
            }
        }
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
        return withVersion(new Policy(null, config.watchNamespaces(), config.namespace(), config.minReplicas(),
                config.maxReplicas(), config.downtimeReplicas(), Behavior.from(config.engine(), config.actuator().commandTtl()), config.metricRules(),
                config.alertRules(), rules));
    }

    /** This policy with its version set to the hash of its content. */
    private static Policy withVersion(Policy content) {
        Policy unversioned = content.version == null ? content : content.withVersionText(null);
        return unversioned.withVersionText(hash(unversioned));
    }

    /** Reads a policy back from its JSON (as published to the policies topic), checking its version. */
    public static Policy fromJson(byte[] json) {
        Policy read;
        try {
            read = EventJson.mapper().readValue(json, Policy.class);
        } catch (IOException e) {
            throw new IllegalArgumentException("not a policy: " + e.getMessage(), e);
        }
        String expected = hash(read.withVersionText(null));
        if (!expected.equals(read.version)) {
            throw new IllegalArgumentException("policy version " + read.version + " does not match its content ("
                    + expected + ")");
        }
        return read;
    }

    /** The canonical JSON of this policy: the bytes the version is computed from, plus the version. */
    public byte[] toJson() {
        try {
            return EventJson.mapper().writeValueAsBytes(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write policy: " + e.getMessage(), e);
        }
    }

    /** Whether Scaligator may ever scale workloads of this namespace. */
    public boolean mayScale(String namespace) {
        return watchNamespaces.contains(namespace) && !namespace.equals(ownNamespace);
    }

    private Policy withVersionText(String v) {
        return new Policy(v, watchNamespaces, ownNamespace, minReplicas, maxReplicas, downtimeReplicas, behavior,
                metricRules, alertRules, timeRules);
    }

    private static String hash(Policy unversioned) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(unversioned.toJson());
            return "p-" + HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }
}
