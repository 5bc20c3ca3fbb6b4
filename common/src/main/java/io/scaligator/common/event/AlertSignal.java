package io.scaligator.common.event;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.scaligator.common.target.TargetRef;
import java.time.Instant;

/**
 * One normalised Alertmanager alert or one external trigger, as the receiver accepted it. Signals that name no
 * workload are kept too ({@code target} null, {@code unmappedReason} set), as are signals for namespaces outside
 * watch_namespaces ({@code allowed} false), so nothing received is ever lost from the audit trail.
 */
public record AlertSignal(
        String id,
        SignalKind kind,
        TargetRef target,
        String unmappedReason,
        boolean allowed,
        String notAllowedReason,
        Instant receivedAt,
        AlertDetails alert,
        TriggerDetails trigger)
        implements ScaligatorEvent {

    /** Whether the signal came from Alertmanager or from the generic trigger API. */
    public enum SignalKind {
        @JsonProperty("alert")
        ALERT,
        @JsonProperty("trigger")
        TRIGGER
    }

    public AlertSignal {
        Checks.requireText(id, "id");
        Checks.require(kind, "kind");
        Checks.require(receivedAt, "receivedAt");
        if ((target == null) == (unmappedReason == null)) {
            throw new IllegalArgumentException("exactly one of target and unmappedReason must be set");
        }
        if (allowed == (notAllowedReason != null)) {
            throw new IllegalArgumentException("notAllowedReason must be set exactly when allowed is false");
        }
        if ((kind == SignalKind.ALERT) != (alert != null) || (kind == SignalKind.TRIGGER) != (trigger != null)) {
            throw new IllegalArgumentException("a signal of kind " + kind + " must carry exactly its "
                    + (kind == SignalKind.ALERT ? "alert" : "trigger") + " details");
        }
    }

    /** Whether the signal can affect a workload: it names one and that workload may be scaled. */
    public boolean actionable() {
        return target != null && allowed;
    }

    @Override
    public String key() {
        return target == null ? TargetRef.UNMAPPED_KEY : target.key();
    }

    @Override
    public Instant eventTime() {
        return receivedAt;
    }
}
