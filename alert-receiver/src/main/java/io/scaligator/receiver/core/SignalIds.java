package io.scaligator.receiver.core;

import io.scaligator.common.event.AlertDetails;
import io.scaligator.common.util.Sha256;

/**
 * Deterministic record ids. An alert's id hashes fingerprint, status and startsAt, so the copies Alertmanager
 * sends on retries, on every group_interval and from both members of an HA pair all carry the same id.
 */
public final class SignalIds {

    private SignalIds() {}

    /** {@code al-} + sha256 hex of fingerprint, status and startsAt (normalised to UTC). */
    public static String alertId(AlertDetails alert) {
        return "al-" + Sha256.hex(alert.fingerprint() + "\n" + alert.status().name() + "\n" + alert.startsAt());
    }

    /**
     * {@code tr-} + sha256 hex of the trigger's source, the id its caller chose for idempotent retries and the
     * normalised trigger: a retry keeps its id, while another trigger sent under the same caller id (the cancel of a
     * pipeline run's scale_to, its next step) gets its own, which the engine does not drop as one it has seen.
     */
    public static String callerTriggerId(String source, String callerId, String normalisedTrigger) {
        return "tr-" + Sha256.hex("caller\n" + source + "\n" + callerId + "\n" + normalisedTrigger);
    }

    /** {@code tr-} + sha256 hex of the normalised trigger and the time it was received: unique per request. */
    public static String receivedTriggerId(String normalisedTrigger, String receivedAt) {
        return "tr-" + Sha256.hex("received\n" + normalisedTrigger + "\n" + receivedAt);
    }
}
