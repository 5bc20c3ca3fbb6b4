package io.scaligator.common.serde;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.exc.InvalidTypeIdException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.scaligator.common.event.ScaligatorEvent;
import java.io.IOException;

/**
 * Reads and writes events as JSON. Output is canonical (map keys sorted, nulls omitted, ISO-8601 times), so the
 * same event always gives the same bytes; input ignores unknown fields and fails with a message naming the
 * problem, never with a NullPointerException.
 */
public final class EventJson {

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
            .serializationInclusion(JsonInclude.Include.NON_NULL)
            .build();

    private EventJson() {}

    /** The shared, configured mapper; also right for other JSON of the project that should be canonical. */
    public static ObjectMapper mapper() {
        return MAPPER;
    }

    public static byte[] write(ScaligatorEvent event) {
        try {
            return MAPPER.writeValueAsBytes(event);
        } catch (JsonProcessingException e) {
            throw new EventFormatException(
                    "cannot write " + event.getClass().getSimpleName() + " " + event.id() + ": "
                            + e.getOriginalMessage(),
                    e);
        }
    }

    /** Reads an event of the expected type; throws {@link EventFormatException} saying what is wrong. */
    public static <T extends ScaligatorEvent> T read(byte[] bytes, Class<T> expected) {
        if (bytes == null || bytes.length == 0) {
            throw new EventFormatException("empty record value; expected a JSON " + expected.getSimpleName());
        }
        JsonNode tree;
        try {
            tree = MAPPER.readTree(bytes);
        } catch (IOException e) {
            throw new EventFormatException("malformed JSON: " + originalMessage(e), e);
        }
        if (tree == null || !tree.isObject()) {
            throw new EventFormatException(
                    "expected a JSON object, got " + (tree == null ? "nothing" : tree.getNodeType()));
        }
        requireSchemaVersion(tree);
        ScaligatorEvent event;
        try {
            event = MAPPER.treeToValue(tree, ScaligatorEvent.class);
        } catch (InvalidTypeIdException e) {
            throw new EventFormatException(
                    "unknown or missing event type '" + tree.path("type").asText("")
                            + "'; known: alert-signal, observation, decision, scale-command, scale-outcome",
                    e);
        } catch (ValueInstantiationException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw new EventFormatException("invalid " + tree.path("type").asText() + ": " + cause.getMessage(), e);
        } catch (IOException e) {
            throw new EventFormatException(
                    "invalid " + tree.path("type").asText() + fieldOf(e) + ": " + originalMessage(e), e);
        }
        if (!expected.isInstance(event)) {
            throw new EventFormatException("expected " + expected.getSimpleName() + " but the record is a "
                    + event.getClass().getSimpleName() + " (type '"
                    + tree.path("type").asText() + "')");
        }
        return expected.cast(event);
    }

    private static void requireSchemaVersion(JsonNode tree) {
        JsonNode version = tree.get("schemaVersion");
        if (version == null || !version.canConvertToInt() || version.asInt() < 1) {
            throw new EventFormatException("schemaVersion is missing or not a positive integer: " + version);
        }
    }

    /** Where in the record the problem is, e.g. {@code  field metrics[0].value}, when Jackson knows it. */
    private static String fieldOf(IOException e) {
        if (!(e instanceof JsonMappingException mapping) || mapping.getPath().isEmpty()) {
            return "";
        }
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference ref : mapping.getPath()) {
            if (ref.getFieldName() != null) {
                path.append(path.isEmpty() ? "" : ".").append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                path.append('[').append(ref.getIndex()).append(']');
            }
        }
        return " field " + path;
    }

    private static String originalMessage(IOException e) {
        return e instanceof JsonProcessingException jpe ? jpe.getOriginalMessage() : e.getMessage();
    }
}
