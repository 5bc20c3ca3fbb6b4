package io.scaligator.receiver.payload;

import java.util.Map;

/** One alert of an Alertmanager webhook notification, as sent (times still text, validated separately). */
public record WebhookAlert(
        String status,
        Map<String, String> labels,
        Map<String, String> annotations,
        String startsAt,
        String endsAt,
        String generatorURL,
        String fingerprint) {}
