package io.scaligator.common.event;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.Map;

/** The parts of an Alertmanager alert Scaligator keeps: its identity, status, times and raw labels. */
public record AlertDetails(
        String name,
        AlertStatus status,
        String fingerprint,
        Instant startsAt,
        Instant endsAt,
        Map<String, String> labels,
        Map<String, String> annotations,
        String generatorUrl,
        String receiver,
        String groupKey) {

    /** Alertmanager's two alert states. */
    public enum AlertStatus {
        @JsonProperty("firing")
        FIRING,
        @JsonProperty("resolved")
        RESOLVED
    }

    public AlertDetails {
        Checks.requireText(name, "alert.name");
        Checks.require(status, "alert.status");
        Checks.requireText(fingerprint, "alert.fingerprint");
        Checks.require(startsAt, "alert.startsAt");
        labels = Checks.sortedCopy(labels);
        annotations = Checks.sortedCopy(annotations);
    }
}
