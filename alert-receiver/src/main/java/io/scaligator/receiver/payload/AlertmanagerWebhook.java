package io.scaligator.receiver.payload;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;

/** Alertmanager's webhook notification, payload version 4, including the newer optional fields. */
public record AlertmanagerWebhook(
        String version,
        String groupKey,
        Integer truncatedAlerts,
        String status,
        String receiver,
        Map<String, String> groupLabels,
        Map<String, String> commonLabels,
        Map<String, String> commonAnnotations,
        String externalURL,
        List<WebhookAlert> alerts,
        @JsonProperty("notification_reason") String notificationReason,
        Map<String, String> routeLabels) {}
