package io.scaligator.receiver.payload;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.type.LogicalType;
import io.scaligator.common.event.AlertDetails;
import io.scaligator.common.event.AlertDetails.AlertStatus;
import io.scaligator.common.event.TriggerDetails;
import io.scaligator.common.event.TriggerDetails.TriggerAction;
import io.scaligator.common.target.TargetRef;
import io.scaligator.receiver.core.TargetNames;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Turns request bodies into validated values, strictly: wrong JSON types are never coerced, every required
 * field is checked, and every problem becomes a {@link BadRequestException} naming the field. Unknown fields
 * are ignored so that newer Alertmanager versions keep working.
 */
public final class PayloadParser {

    private static final Instant GO_ZERO_TIME = Instant.parse("0001-01-01T00:00:00Z");

    private static final JsonMapper MAPPER = strictMapper();
    private static final ObjectReader WEBHOOK = MAPPER.readerFor(AlertmanagerWebhook.class);
    private static final ObjectReader TRIGGER = MAPPER.readerFor(TriggerRequest.class);
    private static final java.util.regex.Pattern TRIGGER_ID = java.util.regex.Pattern.compile("tr-[0-9a-f]{64}");

    /**
     * A validated webhook: one AlertDetails per accepted alert, in the order sent; the alerts refused one by one
     * (each with what is wrong); the text cut to its bound (by JSON path); how many alerts of the group Alertmanager
     * left out of it ({@code truncatedAlerts}, beyond its webhook_config's max_alerts; 0 when absent); and how many
     * alerts it sent beyond the {@link PayloadLimits#MAX_ALERTS} this receiver reads ({@code notRead}).
     */
    public record Webhook(
            List<AlertDetails> alerts,
            List<Refused> refused,
            List<String> cut,
            String groupKey,
            int truncatedAlerts,
            int notRead) {}

    /** One alert of a webhook refused on its own: its index in {@code alerts}, the field and what is wrong. */
    public record Refused(int index, String field, String error) {}

    /** A validated trigger with the caller's idempotency id (null when none was given). */
    public record Trigger(String callerId, TargetRef target, TriggerDetails details) {}

    /** Parses and validates a webhook received at {@code receivedAt} (times too far after it are refused). */
    public Webhook webhook(byte[] body, Instant receivedAt) {
        AlertmanagerWebhook hook = read(WEBHOOK, body);
        if (hook.version() == null) {
            throw new BadRequestException("version", "version is required (Alertmanager webhook payload version 4)");
        }
        if (!"4".equals(hook.version())) {
            throw new BadRequestException(
                    "version",
                    "unsupported webhook payload version '" + PayloadLimits.abbreviate(hook.version())
                            + "'; only version 4 is understood");
        }
        if (hook.alerts() == null || hook.alerts().isEmpty()) {
            throw new BadRequestException("alerts", "alerts is required and must not be empty");
        }
        bounded(hook.receiver(), "receiver", PayloadLimits.MAX_NAME);
        bounded(hook.externalURL(), "externalURL", PayloadLimits.MAX_URL);
        int truncated = hook.truncatedAlerts() == null ? 0 : hook.truncatedAlerts();
        if (truncated < 0) {
            throw new BadRequestException(
                    "truncatedAlerts", "truncatedAlerts must be 0 or more (alerts left out), was " + truncated);
        }
        // Alertmanager does not re-send a notification answered 4xx, and sends the same group again at every
        // group_interval: one alert out of bounds, or a group larger than the receiver reads, must not lose the
        // group's other alerts, for good.
        int read = Math.min(hook.alerts().size(), PayloadLimits.MAX_ALERTS);
        List<AlertDetails> alerts = new ArrayList<>(read);
        List<Refused> refused = new ArrayList<>();
        List<String> cut = new ArrayList<>();
        String groupKey = cutToBound(hook.groupKey(), "groupKey", PayloadLimits.MAX_GROUP_KEY, cut);
        BadRequestException first = null;
        for (int i = 0; i < read; i++) {
            try {
                List<String> cutHere = new ArrayList<>();
                alerts.add(alert(
                        hook.alerts().get(i), "alerts[" + i + "]", hook.receiver(), groupKey, receivedAt, cutHere));
                cut.addAll(cutHere);
            } catch (BadRequestException e) {
                refused.add(new Refused(i, e.field(), e.getMessage()));
                first = first == null ? e : first;
            }
        }
        if (alerts.isEmpty()) {
            throw refused.size() == 1
                    ? first
                    : new BadRequestException(
                            first.field(),
                            first.getMessage() + " (all " + refused.size()
                                    + " alerts were refused; this is the first)");
        }
        return new Webhook(
                alerts,
                List.copyOf(refused),
                List.copyOf(cut),
                groupKey,
                truncated,
                hook.alerts().size() - read);
    }

    public Trigger trigger(byte[] body) {
        TriggerRequest request = read(TRIGGER, body);
        if (request.id() != null
                && !PayloadLimits.CALLER_ID.matcher(request.id()).matches()) {
            throw new BadRequestException("id", "id must be 1-128 characters of A-Z, a-z, 0-9, '.', '_', ':', '-'");
        }
        TargetRef target = target(bounded(required(request.target(), "target"), "target", PayloadLimits.MAX_TARGET));
        TriggerAction action = action(required(request.action(), "action"));
        // A cancel ends a trigger now: it has no duration of its own.
        Long ttl = action == TriggerAction.CANCEL && request.ttlSeconds() == null
                ? Long.valueOf(1)
                : required(request.ttlSeconds(), "ttl_seconds");
        if (ttl < 1 || ttl > PayloadLimits.MAX_TTL_SECONDS) {
            throw new BadRequestException(
                    "ttl_seconds", "ttl_seconds must be from 1 to " + PayloadLimits.MAX_TTL_SECONDS + ", was " + ttl);
        }
        String reason = text(request.reason(), "reason");
        String source = required(request.source(), "source");
        if (!PayloadLimits.SOURCE.matcher(source).matches()) {
            throw new BadRequestException(
                    "source",
                    "source must be a short token: 1-64 characters of A-Z, a-z, "
                            + "0-9, '.', '_', ':', '/', '@', '-', starting with a letter or digit");
        }
        checkAmounts(action, request.replicas(), request.step());
        String cancels = cancels(action, request.cancels());
        return new Trigger(
                request.id(),
                target,
                new TriggerDetails(action, request.replicas(), request.step(), ttl, reason, source, cancels));
    }

    private static AlertDetails alert(
            WebhookAlert alert, String path, String receiver, String groupKey, Instant receivedAt, List<String> cut) {
        if (alert == null) {
            throw new BadRequestException(path, path + " must be an alert object, not null");
        }
        AlertStatus status =
                switch (required(alert.status(), path + ".status")) {
                    case "firing" -> AlertStatus.FIRING;
                    case "resolved" -> AlertStatus.RESOLVED;
                    default ->
                        throw new BadRequestException(
                                path + ".status",
                                path + ".status must be \"firing\" or " + "\"resolved\", was \""
                                        + PayloadLimits.abbreviate(alert.status()) + "\"");
                };
        Map<String, String> labels = required(alert.labels(), path + ".labels");
        checkNames(labels, path + ".labels");
        labels.forEach((name, value) -> bounded(value, path + ".labels." + name, PayloadLimits.MAX_LABEL_VALUE));
        if (labels.isEmpty()) {
            throw new BadRequestException(path + ".labels", path + ".labels must not be empty");
        }
        Map<String, String> annotations =
                alert.annotations() == null ? Map.of() : annotations(alert.annotations(), path + ".annotations", cut);
        long text = size(labels) + size(annotations);
        if (text > PayloadLimits.MAX_ALERT_TEXT) {
            throw new BadRequestException(
                    path,
                    path + " has " + text + " characters of labels and annotations; at " + "most "
                            + PayloadLimits.MAX_ALERT_TEXT + " are accepted per alert");
        }
        String fingerprint = required(alert.fingerprint(), path + ".fingerprint");
        if (!PayloadLimits.FINGERPRINT.matcher(fingerprint).matches()) {
            throw new BadRequestException(
                    path + ".fingerprint",
                    path + ".fingerprint must be 1-64 hex digits " + "(Alertmanager sends 16), was \""
                            + PayloadLimits.abbreviate(fingerprint) + "\"");
        }
        // Alertmanager writes lower case; the same hash in upper case is the same alert, with the same id.
        fingerprint = fingerprint.toLowerCase(Locale.ROOT);
        Instant startsAt = time(required(alert.startsAt(), path + ".startsAt"), path + ".startsAt", receivedAt);
        Instant endsAt = alert.endsAt() == null ? null : endsAt(alert.endsAt(), path + ".endsAt", receivedAt);
        String generatorUrl = cutToBound(alert.generatorURL(), path + ".generatorURL", PayloadLimits.MAX_URL, cut);
        // Alertmanager accepts alerts without an alertname; they must still be recorded, so they get a stand-in.
        String name = bounded(labels.getOrDefault("alertname", ""), path + ".labels.alertname", PayloadLimits.MAX_NAME);
        return new AlertDetails(
                blank(name) ? "(no alertname)" : name,
                status,
                fingerprint,
                startsAt,
                endsAt,
                labels,
                annotations,
                generatorUrl,
                receiver,
                groupKey);
    }

    /** endsAt: Go's zero time is Alertmanager's way of saying "no end yet" and becomes null. */
    private static Instant endsAt(String text, String path, Instant receivedAt) {
        if (GO_ZERO_TIME.equals(parse(text, path))) {
            return null;
        }
        return time(text, path, receivedAt);
    }

    /**
     * {@code text} (may be null), cut to {@code max} characters if longer ({@code field} added to {@code cut}): for
     * text no decision reads whose length is not the sender's choice, such as the group key (Alertmanager builds it
     * from the group's labels, all of an alert's with {@code group_by: ['...']}), a generator URL (the rule's PromQL,
     * URL-encoded) or an annotation.
     */
    private static String cutToBound(String text, String field, int max, List<String> cut) {
        if (text == null) {
            return null;
        }
        noUnpairedSurrogate(text, field);
        if (text.length() <= max) {
            return text;
        }
        cut.add(field);
        return PayloadLimits.cut(text, max);
    }

    /** Refuses too many entries, bad names and null values; the values' own bounds are the caller's. */
    private static void checkNames(Map<String, String> map, String path) {
        if (map.size() > PayloadLimits.MAX_MAP_ENTRIES) {
            throw new BadRequestException(
                    path,
                    path + " has " + map.size() + " entries; at most " + PayloadLimits.MAX_MAP_ENTRIES
                            + " are accepted");
        }
        for (Map.Entry<String, String> entry : map.entrySet()) {
            String name = entry.getKey();
            if (!PayloadLimits.labelName(name)) {
                throw new BadRequestException(
                        path,
                        path + " has the name \"" + PayloadLimits.abbreviate(name) + "\"; names must be 1 to "
                                + PayloadLimits.MAX_LABEL_NAME
                                + " characters long, without control characters");
            }
            if (entry.getValue() == null) {
                throw new BadRequestException(path + "." + name, path + "." + name + " must be a string, not null");
            }
        }
    }

    /**
     * The annotations, each value over {@link PayloadLimits#MAX_ANNOTATION_VALUE} cut to it (its path added to
     * {@code cut}): annotations are free text no decision reads, and a long description must not cost the alert.
     */
    private static Map<String, String> annotations(Map<String, String> annotations, String path, List<String> cut) {
        checkNames(annotations, path);
        Map<String, String> kept = new LinkedHashMap<>();
        annotations.forEach((name, value) ->
                kept.put(name, cutToBound(value, path + "." + name, PayloadLimits.MAX_ANNOTATION_VALUE, cut)));
        return kept;
    }

    private static long size(Map<String, String> map) {
        long size = 0;
        for (Map.Entry<String, String> entry : map.entrySet()) {
            size += entry.getKey().length() + entry.getValue().length();
        }
        return size;
    }

    private static Instant parse(String text, String path) {
        try {
            return Rfc3339.parse(text);
        } catch (DateTimeException e) {
            throw new BadRequestException(
                    path,
                    path + " must be an RFC 3339 time such as 2026-01-31T12:00:00Z, was \""
                            + PayloadLimits.abbreviate(text) + "\"");
        }
    }

    private static Instant time(String text, String path, Instant receivedAt) {
        Instant time = parse(text, path);
        if (time.isBefore(PayloadLimits.EARLIEST_TIME)) {
            throw new BadRequestException(
                    path, path + " is " + time + ", before " + PayloadLimits.EARLIEST_TIME + "; refused as corrupt");
        }
        Instant latest = receivedAt.plus(PayloadLimits.MAX_FUTURE);
        if (time.isAfter(latest)) {
            throw new BadRequestException(
                    path,
                    path + " is " + time + ", more than "
                            + PayloadLimits.MAX_FUTURE.toHours() + " h after the receive time " + receivedAt
                            + "; check the sender's clock");
        }
        return time;
    }

    private static TargetRef target(String text) {
        try {
            return TargetNames.parse(text);
        } catch (IllegalArgumentException e) {
            throw new BadRequestException("target", "target must be ns/Kind/name or ns/name: " + e.getMessage());
        }
    }

    private static TriggerAction action(String text) {
        return switch (text) {
            case "scale_to" -> TriggerAction.SCALE_TO;
            case "scale_up" -> TriggerAction.SCALE_UP;
            case "scale_down" -> TriggerAction.SCALE_DOWN;
            case "hold" -> TriggerAction.HOLD;
            case "cancel" -> TriggerAction.CANCEL;
            default ->
                throw new BadRequestException(
                        "action",
                        "action must be one of scale_to, scale_up, " + "scale_down, hold, cancel; was \""
                                + PayloadLimits.abbreviate(text) + "\"");
        };
    }

    /** The id of the trigger a cancel ends: required for a cancel, refused for any other action. */
    private static String cancels(TriggerAction action, String cancels) {
        if (action != TriggerAction.CANCEL) {
            refuse(
                    cancels,
                    "cancels",
                    action.name().toLowerCase(Locale.ROOT) + " takes no cancels: only the cancel "
                            + "action names a trigger to cancel");
            return null;
        }
        String id = required(cancels, "cancels");
        if (!TRIGGER_ID.matcher(id).matches()) {
            throw new BadRequestException(
                    "cancels",
                    "cancels must be the id of a trigger as this API returned it: " + "tr- and 64 hex digits");
        }
        return id;
    }

    private static void checkAmounts(TriggerAction action, Integer replicas, Integer step) {
        switch (action) {
            case SCALE_TO -> {
                if (replicas == null || replicas < 0 || replicas > PayloadLimits.MAX_REPLICAS) {
                    throw new BadRequestException(
                            "replicas",
                            "scale_to needs replicas from 0 to " + PayloadLimits.MAX_REPLICAS
                                    + (replicas == null ? "" : ", was " + replicas));
                }
                refuse(step, "step", "scale_to takes replicas, not step");
            }
            case SCALE_UP, SCALE_DOWN -> {
                if (step == null || step < 1 || step > PayloadLimits.MAX_REPLICAS) {
                    throw new BadRequestException(
                            "step",
                            action.name().toLowerCase(Locale.ROOT)
                                    + " needs step from 1 to " + PayloadLimits.MAX_REPLICAS
                                    + (step == null ? "" : ", was " + step));
                }
                refuse(replicas, "replicas", action.name().toLowerCase(Locale.ROOT) + " takes step, not replicas");
            }
            case HOLD, CANCEL -> {
                String what = action.name().toLowerCase(Locale.ROOT) + " takes neither replicas nor step";
                refuse(replicas, "replicas", what);
                refuse(step, "step", what);
            }
        }
    }

    private static void refuse(Object value, String field, String message) {
        if (value != null) {
            throw new BadRequestException(field, message);
        }
    }

    private static String text(String value, String field) {
        if (blank(required(value, field))) {
            throw new BadRequestException(field, field + " must not be blank");
        }
        return bounded(value, field, PayloadLimits.MAX_REASON);
    }

    /**
     * Nothing anyone can read: whitespace, including Unicode space separators such as the no-break and em spaces, which
     * {@link String#isBlank()} does not count, and invisible format characters (zero-width space and joiners, word
     * joiner, byte order mark, soft hyphen).
     */
    private static boolean blank(String text) {
        return text.codePoints()
                .allMatch(c -> Character.isWhitespace(c)
                        || Character.isSpaceChar(c)
                        || Character.getType(c) == Character.FORMAT);
    }

    /**
     * Refuses text over {@code max} characters, and text with an unpaired UTF-16 surrogate (a JSON escape such as
     * "\\ud800" alone), which no UTF-8 encoder can write. Null passes: callers check required fields themselves.
     */
    private static String bounded(String value, String field, int max) {
        if (value == null) {
            return null;
        }
        if (value.length() > max) {
            throw new BadRequestException(
                    field, field + " is " + value.length() + " characters long; at most " + max + " are accepted");
        }
        noUnpairedSurrogate(value, field);
        return value;
    }

    /** Refuses text with an unpaired UTF-16 surrogate, which no UTF-8 encoder can write. */
    private static void noUnpairedSurrogate(String value, String field) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isHighSurrogate(c)
                    && i + 1 < value.length()
                    && Character.isLowSurrogate(value.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                throw new BadRequestException(
                        field,
                        field + " contains an unpaired UTF-16 surrogate (\\u" + Integer.toHexString(c)
                                + ") at character " + i);
            }
        }
    }

    private static <T> T required(T value, String field) {
        if (value == null) {
            throw new BadRequestException(field, field + " is required");
        }
        return value;
    }

    private static <T> T read(ObjectReader reader, byte[] body) {
        if (body.length == 0) {
            throw new BadRequestException(null, "the request body is empty; expected a JSON object");
        }
        try {
            T value = reader.readValue(body);
            if (value == null) {
                throw new BadRequestException(null, "expected a JSON object, got null");
            }
            requireUtf8(body);
            return value;
        } catch (MismatchedInputException e) {
            if (e.getOriginalMessage().startsWith("Trailing token")) {
                throw new BadRequestException(
                        null, "malformed JSON: unexpected content after the JSON object" + location(e));
            }
            String field = path(e);
            throw new BadRequestException(
                    field,
                    (field == null ? "the body" : field) + " has the wrong type: expected "
                            + expected(e.getTargetType()));
        } catch (JsonMappingException e) {
            String field = path(e);
            if (e.getCause() instanceof InputCoercionException range) {
                throw new BadRequestException(field, field + " is out of range: " + range.getOriginalMessage());
            }
            if (e.getCause() instanceof JacksonException syntax) {
                // a syntax error met while binding a field: still malformed JSON, but we can say where
                throw new BadRequestException(
                        field,
                        "malformed JSON" + (field == null ? "" : " at " + field) + ": " + plain(syntax)
                                + location(syntax));
            }
            throw new BadRequestException(
                    field, "invalid value" + (field == null ? "" : " for " + field) + ": " + e.getOriginalMessage());
        } catch (JacksonException e) {
            throw new BadRequestException(null, "malformed JSON: " + plain(e) + location(e));
        } catch (IOException e) {
            throw new BadRequestException(null, "cannot read the request body: " + e.getMessage());
        }
    }

    /**
     * Jackson refuses most invalid UTF-8 (and then names the field) but decodes overlong forms such as 0xC0 0xAF
     * ("/") and encoded surrogates; a strict decoder catches those. Jackson also detects UTF-16 and UTF-32 by their
     * zero bytes and reads those: a NUL byte can never be part of JSON text in UTF-8 (a NUL in a string must be
     * escaped), so a body with one that Jackson accepted was read as another encoding. Run only on bodies Jackson
     * accepted, so that a raw NUL inside a string is still reported with its field.
     */
    private static void requireUtf8(byte[] body) {
        for (int i = 0; i < body.length; i++) {
            if (body[i] == 0) {
                throw new BadRequestException(
                        null,
                        "the request body is not UTF-8 (a NUL byte at byte " + i
                                + ", as in UTF-16 or UTF-32 text); send it as UTF-8");
            }
        }
        CharsetDecoder decoder = StandardCharsets.UTF_8
                .newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(body);
        CharBuffer out = CharBuffer.allocate(4096);
        while (true) {
            CoderResult result = decoder.decode(in, out, true);
            if (result.isError()) {
                throw new BadRequestException(null, "the request body is not valid UTF-8 (byte " + in.position() + ")");
            }
            if (result.isUnderflow()) {
                return;
            }
            out.clear();
        }
    }

    private static String path(JsonMappingException e) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getIndex() >= 0) {
                path.append('[').append(ref.getIndex()).append(']');
            } else if (ref.getFieldName() != null) {
                if (!path.isEmpty()) {
                    path.append('.');
                }
                path.append(ref.getFieldName());
            }
        }
        return path.isEmpty() ? null : path.toString();
    }

    private static String expected(Class<?> type) {
        if (type == null) {
            return "another JSON type";
        }
        if (type == String.class) {
            return "a string";
        }
        if (type == Integer.class || type == Long.class || type == int.class || type == long.class) {
            return "an integer";
        }
        if (Map.class.isAssignableFrom(type)) {
            return "an object with string values";
        }
        if (List.class.isAssignableFrom(type)) {
            return "an array";
        }
        return "a JSON object";
    }

    /**
     * Jackson's message for a syntax error in plain words: its limits and the features it suggests enabling are named
     * by Jackson's class, method and feature names, which mean nothing to a client and reveal the parser.
     */
    private static String plain(JacksonException e) {
        String message = e.getOriginalMessage();
        StreamReadConstraints limits = MAPPER.getFactory().streamReadConstraints();
        if (e instanceof StreamConstraintsException) {
            if (message.contains("getMaxNestingDepth")) {
                return "JSON nested deeper than " + limits.getMaxNestingDepth() + " levels";
            }
            if (message.contains("getMaxNumberLength")) {
                return "number longer than " + limits.getMaxNumberLength() + " digits";
            }
            if (message.contains("getMaxNameLength")) {
                return "field name longer than " + limits.getMaxNameLength() + " characters";
            }
            if (message.contains("getMaxStringLength")) {
                return "string longer than " + limits.getMaxStringLength() + " characters";
            }
            return "the JSON exceeds a limit of the parser";
        }
        if (message.contains("ALLOW_NON_NUMERIC_NUMBERS")) {
            return "NaN and Infinity are not JSON";
        }
        if (message.contains("ALLOW_COMMENTS") || message.contains("ALLOW_YAML_COMMENTS")) {
            return "comments are not JSON";
        }
        // e.g. "... numbers to have plus signs: enable `JsonReadFeature.ALLOW_LEADING_PLUS_SIGN_FOR_NUMBERS` to allow"
        int internals = message.indexOf('`');
        if (internals >= 0) {
            int cut = message.lastIndexOf(':', internals);
            return message.substring(0, cut > 0 ? cut : internals).strip();
        }
        return message;
    }

    private static String location(JacksonException e) {
        JsonLocation at = e.getLocation();
        return at == null || at.getLineNr() < 0
                ? ""
                : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")";
    }

    private static JsonMapper strictMapper() {
        JsonMapper mapper = JsonMapper.builder()
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
                .disable(JsonParser.Feature.ALLOW_COMMENTS)
                .build();
        // Never turn a number or boolean into a string (or a string into a number): a wrong type is a 400.
        for (CoercionInputShape shape :
                List.of(CoercionInputShape.Integer, CoercionInputShape.Float, CoercionInputShape.Boolean)) {
            mapper.coercionConfigFor(LogicalType.Textual).setCoercion(shape, CoercionAction.Fail);
        }
        mapper.coercionConfigFor(LogicalType.Integer).setCoercion(CoercionInputShape.String, CoercionAction.Fail);
        mapper.coercionConfigFor(LogicalType.Integer).setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail);
        return mapper;
    }
}
