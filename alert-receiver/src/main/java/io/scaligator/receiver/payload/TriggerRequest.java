package io.scaligator.receiver.payload;

import com.fasterxml.jackson.annotation.JsonProperty;

/** The body of {@code POST /v1/triggers}, as sent; {@link PayloadParser} validates it strictly. */
public record TriggerRequest(
        String id,
        String target,
        String action,
        Integer replicas,
        Integer step,
        @JsonProperty("ttl_seconds") Long ttlSeconds,
        String reason,
        String source,
        String cancels) {}
