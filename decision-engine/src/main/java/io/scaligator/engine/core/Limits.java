package io.scaligator.engine.core;

/**
 * The bounds on what the engine keeps per target and writes per decision. An input that would exceed a count bound
 * is refused with a decision saying which bound; identifiers too long to be real are refused too, and free text
 * (reasons, alert names) is abbreviated, so no input can make a target's state or a decision grow without limit.
 * With these bounds a target's stored state stays well under {@link #STATE_BYTES}, which the topology checks
 * before every store write as the last line of defence.
 */
public final class Limits {

    /** Recommendations and scale events kept for the stabilization windows and rate policies. */
    public static final int HISTORY = 512;
    /** Trigger ids remembered to recognise a repeated trigger. */
    public static final int SEEN = 256;
    /**
     * Alert instances (fingerprint and startsAt) remembered after their floor ended, so they never count twice: as
     * many as one floor tracks, so that a whole floor's alerts are remembered.
     */
    public static final int COUNTED = 512;
    /** Alert floors per target (one per alert rule). */
    public static final int FLOORS = 32;
    /**
     * Alerts one floor tracks: one alert per pod of a Deployment of up to 512 pods. A further alert of the rule is
     * refused (the floor already holds), and the floor is released when the alerts it tracks have resolved, even if
     * refused ones still fire.
     */
    public static final int FLOOR_ALERTS = 512;
    /** Active triggers per target (one per source). */
    public static final int TRIGGERS = 32;
    /**
     * Metric rules whose demand profile one target keeps ({@link DemandProfile}: at most 32 KB stored each, so at
     * most 128 KB per target, half of {@link #STATE_BYTES}).
     */
    public static final int PROFILES = 4;
    /** Longest fingerprint, signal id or trigger source accepted; Alertmanager's fingerprints have 16 hex digits. */
    public static final int IDENTIFIER_CHARS = 128;
    /** Longest free text kept (trigger reasons, alert names); longer text is abbreviated. */
    public static final int TEXT_CHARS = 256;
    /** Longest reason a decision carries; longer reasons are abbreviated. */
    public static final int REASON_CHARS = 4096;
    /** Largest serialized state the topology stores for one target; larger states are refused, not written. */
    public static final int STATE_BYTES = 256 * 1024;

    private Limits() {}

    /** {@code text} cut to {@code max} characters, saying how much was left out. */
    public static String abbreviate(String text, int max) {
        if (text == null || text.length() <= max) {
            return text;
        }
        String tail = "... (" + (text.length() - max) + " more characters)";
        return text.substring(0, Math.max(0, max - tail.length())) + tail;
    }

    /**
     * An identifier as a reason shows it: whole up to {@link #IDENTIFIER_CHARS} (a trigger id is 67, and an operator
     * copies it from a decision to cancel the trigger), else its first 32 characters and its length.
     */
    static String shortId(String id) {
        return id.length() <= IDENTIFIER_CHARS ? id : id.substring(0, 32) + "..(" + id.length() + " chars)";
    }
}
