package io.scaligator.receiver.payload;

import io.scaligator.common.event.TriggerDetails;
import java.time.Duration;
import java.time.Instant;
import java.util.regex.Pattern;

/**
 * The bounds every accepted request keeps (docs/alert-receiver.md lists them with their reasons). Each is generous
 * for real Alertmanager payloads and small enough that no accepted value can bloat the records, the engine's state
 * or a log line built from it.
 */
public final class PayloadLimits {

    /** Alerts in one webhook; Alertmanager's {@code max_alerts} should be set to at most this. */
    public static final int MAX_ALERTS = 1000;
    /** Entries of one alert's labels or annotations. */
    public static final int MAX_MAP_ENTRIES = 256;
    /** Alertmanager writes 16 lowercase hex digits; other senders may use a longer hash. Read in lower case. */
    public static final Pattern FINGERPRINT = Pattern.compile("[0-9a-fA-F]{1,64}");
    /** Characters of a label or annotation name. */
    public static final int MAX_LABEL_NAME = 128;

    public static final int MAX_LABEL_VALUE = 4096;
    /** Annotations carry descriptions and runbook text, so they may be longer than label values. */
    public static final int MAX_ANNOTATION_VALUE = 16 * 1024;
    /** Characters of all label and annotation names and values of one alert together. */
    public static final int MAX_ALERT_TEXT = 64 * 1024;
    /** alertname and receiver. */
    public static final int MAX_NAME = 256;
    /**
     * A trigger's target, {@code ns/Kind/name}: a namespace of at most 63 characters, a kind name of at most 63 and
     * a workload name of at most 253 (Kubernetes' limits), so every target Kubernetes allows fits.
     */
    public static final int MAX_TARGET = 63 + 1 + 63 + 1 + 253;
    /** generatorURL and externalURL: a generator URL carries the rule's PromQL expression, URL-encoded. */
    public static final int MAX_URL = 8192;
    /** groupKey: the route's matchers plus the group labels. */
    public static final int MAX_GROUP_KEY = 8192;
    /** Times before this are refused: Prometheus did not exist, so such a time is a corrupt or forged one. */
    public static final Instant EARLIEST_TIME = Instant.parse("2000-01-01T00:00:00Z");
    /** How far a time may lie after the receive time: clock skew plus the end estimate of a firing alert. */
    public static final Duration MAX_FUTURE = Duration.ofDays(1);

    /** A trigger's source: a short token naming the caller (it is part of the trigger's id). */
    public static final Pattern SOURCE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:/@-]{0,63}");
    /** A trigger's idempotency id. */
    public static final Pattern CALLER_ID = Pattern.compile("[A-Za-z0-9._:-]{1,128}");
    /** Longest trigger reason. */
    public static final int MAX_REASON = 1024;
    /** Largest trigger replicas and step: far above any real workload, far below overflow in arithmetic. */
    public static final int MAX_REPLICAS = TriggerDetails.MAX_AMOUNT;
    /** Longest trigger ttl_seconds: one week. */
    public static final long MAX_TTL_SECONDS = 7 * 24 * 3600;

    /** Longest piece of a client's own value quoted back in an error message. */
    public static final int MAX_QUOTED = 64;

    private PayloadLimits() {}

    /** {@code text} cut to {@link #MAX_QUOTED} characters (then "..."), for quoting it back in an error message. */
    public static String abbreviate(String text) {
        return text.length() <= MAX_QUOTED ? text : text.substring(0, MAX_QUOTED) + "...";
    }

    /**
     * {@code text} cut to at most {@code max} characters, ending in a note of how long it was; a surrogate pair is
     * never split.
     */
    public static String cut(String text, int max) {
        String note = "... [cut by Scaligator from " + text.length() + " characters]";
        int end = max - note.length();
        if (Character.isLowSurrogate(text.charAt(end)) && Character.isHighSurrogate(text.charAt(end - 1))) {
            end--;
        }
        return text.substring(0, end) + note;
    }

    /**
     * Whether a label or annotation name is accepted: 1 to {@link #MAX_LABEL_NAME} characters of any Unicode text
     * (Prometheus 3 and Alertmanager 0.28 send UTF-8 names such as {@code service.name} or {@code k8s.pod-name}),
     * without control characters, which no name needs. (The JSON parser already refuses unpaired surrogates.)
     */
    public static boolean labelName(String name) {
        return !name.isEmpty()
                && name.length() <= MAX_LABEL_NAME
                && name.chars().noneMatch(Character::isISOControl);
    }
}
