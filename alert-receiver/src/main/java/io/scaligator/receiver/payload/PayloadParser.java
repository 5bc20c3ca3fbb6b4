package io.scaligator.receiver.payload;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadFeature;
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
import java.time.Instant;
import java.time.DateTimeException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Turns request bodies into validated values, strictly: wrong JSON types are never coerced, every required
 * field is checked, and every problem becomes a {@link BadRequestException} naming the field. Unknown fields
 * are ignored so that newer Alertmanager versions keep working.
 */
public final class PayloadParser {

    /** Larger label or annotation maps are refused: no real alert has them, and they would bloat every record. */
    public static final int MAX_MAP_ENTRIES = 256;
    /** Longest trigger reason or source accepted. */
    public static final int MAX_TEXT = 1024;
    /** Longest trigger ttl_seconds accepted: one week. */
    public static final long MAX_TTL_SECONDS = 7 * 24 * 3600;

    private static final Pattern CALLER_ID = Pattern.compile("[A-Za-z0-9._:-]{1,128}");
    private static final Instant GO_ZERO_TIME = Instant.parse("0001-01-01T00:00:00Z");

    private static final JsonMapper MAPPER = strictMapper();
    private static final ObjectReader WEBHOOK = MAPPER.readerFor(AlertmanagerWebhook.class);
    private static final ObjectReader TRIGGER = MAPPER.readerFor(TriggerRequest.class);

    /** A validated webhook: one AlertDetails per alert, in the order sent. */
    public record Webhook(List<AlertDetails> alerts) {
    }

    /** A validated trigger with the caller's idempotency id (null when none was given). */
    public record Trigger(String callerId, TargetRef target, TriggerDetails details) {
    }

    public Webhook webhook(byte[] body) {
        AlertmanagerWebhook hook = read(WEBHOOK, body);
        if (hook.version() == null) {
            throw new BadRequestException("version", "version is required (Alertmanager webhook payload version 4)");
        }
        if (!"4".equals(hook.version())) {
            throw new BadRequestException("version", "unsupported webhook payload version '" + hook.version()
                    + "'; only version 4 is understood");
        }
        if (hook.alerts() == null || hook.alerts().isEmpty()) {
            throw new BadRequestException("alerts", "alerts is required and must not be empty");
        }
        List<AlertDetails> alerts = new ArrayList<>(hook.alerts().size());
        for (int i = 0; i < hook.alerts().size(); i++) {
            alerts.add(alert(hook.alerts().get(i), "alerts[" + i + "]", hook));
        }
        return new Webhook(alerts);
    }

    public Trigger trigger(byte[] body) {
        TriggerRequest request = read(TRIGGER, body);
        if (request.id() != null && !CALLER_ID.matcher(request.id()).matches()) {
            throw new BadRequestException("id", "id must be 1-128 characters of A-Z, a-z, 0-9, '.', '_', ':', '-'");
        }
        TargetRef target = target(required(request.target(), "target"));
        TriggerAction action = action(required(request.action(), "action"));
        Long ttl = required(request.ttlSeconds(), "ttl_seconds");
        if (ttl < 1 || ttl > MAX_TTL_SECONDS) {
            throw new BadRequestException("ttl_seconds", "ttl_seconds must be from 1 to " + MAX_TTL_SECONDS
                    + ", was " + ttl);
        }
        String reason = text(request.reason(), "reason");
        String source = text(request.source(), "source");
        checkAmounts(action, request.replicas(), request.step());
        return new Trigger(request.id(), target,
                new TriggerDetails(action, request.replicas(), request.step(), ttl, reason, source));
    }

    private static AlertDetails alert(WebhookAlert alert, String path, AlertmanagerWebhook hook) {
        if (alert == null) {
            throw new BadRequestException(path, path + " must be an alert object, not null");
        }
        AlertStatus status = switch (required(alert.status(), path + ".status")) {
            case "firing" -> AlertStatus.FIRING;
            case "resolved" -> AlertStatus.RESOLVED;
            default -> throw new BadRequestException(path + ".status", path + ".status must be \"firing\" or "
                    + "\"resolved\", was \"" + alert.status() + "\"");
        };
        Map<String, String> labels = map(required(alert.labels(), path + ".labels"), path + ".labels");
        if (labels.isEmpty()) {
            throw new BadRequestException(path + ".labels", path + ".labels must not be empty");
        }
        Map<String, String> annotations = alert.annotations() == null ? Map.of()
                : map(alert.annotations(), path + ".annotations");
        String fingerprint = required(alert.fingerprint(), path + ".fingerprint");
        if (fingerprint.isBlank()) {
            throw new BadRequestException(path + ".fingerprint", path + ".fingerprint must not be blank");
        }
        Instant startsAt = time(required(alert.startsAt(), path + ".startsAt"), path + ".startsAt");
        Instant endsAt = alert.endsAt() == null ? null : time(alert.endsAt(), path + ".endsAt");
        if (GO_ZERO_TIME.equals(endsAt)) {
            endsAt = null; // Go's zero time: Alertmanager's way of saying "no end yet"
        }
        // Alertmanager accepts alerts without an alertname; they must still be recorded, so they get a stand-in.
        String name = labels.getOrDefault("alertname", "");
        return new AlertDetails(name.isBlank() ? "(no alertname)" : name, status, fingerprint, startsAt, endsAt,
                labels, annotations, alert.generatorURL(), hook.receiver(), hook.groupKey());
    }

    private static Map<String, String> map(Map<String, String> map, String path) {
        if (map.size() > MAX_MAP_ENTRIES) {
            throw new BadRequestException(path, path + " has " + map.size() + " entries; at most "
                    + MAX_MAP_ENTRIES + " are accepted");
        }
        for (Map.Entry<String, String> entry : map.entrySet()) {
            if (entry.getValue() == null) {
                throw new BadRequestException(path + "." + entry.getKey(), path + "." + entry.getKey()
                        + " must be a string, not null");
            }
        }
        return map;
    }

    private static Instant time(String text, String path) {
        try {
            return Rfc3339.parse(text);
        } catch (DateTimeException e) {
            throw new BadRequestException(path, path + " must be an RFC 3339 time such as 2026-01-31T12:00:00Z, was \""
                    + abbreviate(text) + "\"");
        }
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
            default -> throw new BadRequestException("action", "action must be one of scale_to, scale_up, "
                    + "scale_down, hold; was \"" + abbreviate(text) + "\"");
        };
    }

    private static void checkAmounts(TriggerAction action, Integer replicas, Integer step) {
        switch (action) {
            case SCALE_TO -> {
                if (replicas == null || replicas < 0) {
                    throw new BadRequestException("replicas", "scale_to needs replicas >= 0");
                }
                refuse(step, "step", "scale_to takes replicas, not step");
            }
            case SCALE_UP, SCALE_DOWN -> {
                if (step == null || step < 1) {
                    throw new BadRequestException("step", action.name().toLowerCase(Locale.ROOT)
                            + " needs step >= 1");
                }
                refuse(replicas, "replicas", action.name().toLowerCase(Locale.ROOT) + " takes step, not replicas");
            }
            case HOLD -> {
                refuse(replicas, "replicas", "hold takes neither replicas nor step");
                refuse(step, "step", "hold takes neither replicas nor step");
            }
        }
    }

    private static void refuse(Integer value, String field, String message) {
        if (value != null) {
            throw new BadRequestException(field, message);
        }
    }

    private static String text(String value, String field) {
        if (required(value, field).isBlank()) {
            throw new BadRequestException(field, field + " must not be blank");
        }
        if (value.length() > MAX_TEXT) {
            throw new BadRequestException(field, field + " is " + value.length() + " characters long; at most "
                    + MAX_TEXT + " are accepted");
        }
        return value;
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
            return value;
        } catch (MismatchedInputException e) {
            if (e.getOriginalMessage().startsWith("Trailing token")) {
                throw new BadRequestException(null, "malformed JSON: unexpected content after the JSON object"
                        + location(e));
            }
            String field = path(e);
            throw new BadRequestException(field, (field == null ? "the body" : field) + " has the wrong type: expected "
                    + expected(e.getTargetType()));
        } catch (JsonMappingException e) {
            String field = path(e);
            if (e.getCause() instanceof InputCoercionException range) {
                throw new BadRequestException(field, field + " is out of range: " + range.getOriginalMessage());
            }
            if (e.getCause() instanceof JacksonException syntax) {
                // a syntax error met while binding a field: still malformed JSON, but we can say where
                throw new BadRequestException(field, "malformed JSON" + (field == null ? "" : " at " + field) + ": "
                        + syntax.getOriginalMessage() + location(syntax));
            }
            throw new BadRequestException(field, "invalid value" + (field == null ? "" : " for " + field) + ": "
                    + e.getOriginalMessage());
        } catch (JacksonException e) {
            throw new BadRequestException(null, "malformed JSON: " + e.getOriginalMessage() + location(e));
        } catch (IOException e) {
            throw new BadRequestException(null, "cannot read the request body: " + e.getMessage());
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

    private static String location(JacksonException e) {
        JsonLocation at = e.getLocation();
        return at == null || at.getLineNr() < 0 ? "" : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")";
    }

    private static String abbreviate(String text) {
        return text.length() <= 64 ? text : text.substring(0, 64) + "...";
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
        for (CoercionInputShape shape : List.of(CoercionInputShape.Integer, CoercionInputShape.Float,
                CoercionInputShape.Boolean)) {
            mapper.coercionConfigFor(LogicalType.Textual).setCoercion(shape, CoercionAction.Fail);
        }
        mapper.coercionConfigFor(LogicalType.Integer).setCoercion(CoercionInputShape.String, CoercionAction.Fail);
        mapper.coercionConfigFor(LogicalType.Integer).setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail);
        return mapper;
    }
}
