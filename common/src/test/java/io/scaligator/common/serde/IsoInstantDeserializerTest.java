package io.scaligator.common.serde;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.deser.DefaultDeserializationContext;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class IsoInstantDeserializerTest {

    /** Jackson's own reading, which the fast reader must match value for value and failure for failure. */
    private static final ObjectMapper JACKSON = JsonMapper.builder().addModule(new JavaTimeModule()).build();

    private static final List<String> TEXTS = List.of("2026-11-28T06:00:00Z", "2026-11-28T06:00:00.2Z",
            "2026-11-28T06:00:00.25Z", "2026-11-28T06:00:00.250Z", "2026-11-28T06:00:00.000000001Z",
            "2026-11-28T06:00:00.123456789Z", "1970-01-01T00:00:00Z", "1969-12-31T23:59:59.999Z",
            "0000-01-01T00:00:00Z", "9999-12-31T23:59:59Z", "2028-02-29T12:00:00Z", "2026-02-29T12:00:00Z",
            "2026-04-31T12:00:00Z", "2026-13-01T00:00:00Z", "2026-00-10T00:00:00Z", "2026-11-28T24:00:00Z",
            "2026-11-28T23:60:00Z", "2026-11-28T23:59:60Z", "2026-11-28T06:00:00.Z", "2026-11-28T06:00:00.1234567890Z",
            "2026-11-28T06:00:00", "2026-11-28T06:00:00z", "2026-11-28t06:00:00Z", "2026-11-28 06:00:00Z",
            "2026-11-28T06:00:00+01:00", "2026-11-28T06:00:00.5+00:00", "+12026-11-28T06:00:00Z", "2026-1-28T06:00:00Z",
            "2026-11-28T06:00:0aZ", "2026-11-28T06:00:00,5Z", "-001-11-28T06:00:00Z", "1764309600", "", "yesterday");

    @Test
    void readsEveryTextExactlyAsJacksonDoes() {
        for (String text : TEXTS) {
            String json = "\"" + text + "\"";
            assertThat(outcome(EventJson.mapper(), json)).as(text).isEqualTo(outcome(JACKSON, json));
        }
        assertThat(outcome(EventJson.mapper(), "1764309600.5")).isEqualTo(outcome(JACKSON, "1764309600.5"));
    }

    @Test
    void theUsualFormsTakeTheFastPath() throws Exception {
        ObjectMapper mapper = EventJson.mapper();
        DeserializationContext context = ((DefaultDeserializationContext) mapper.getDeserializationContext())
                .createInstance(mapper.getDeserializationConfig(), null, null);
        assertThat(context.findRootValueDeserializer(context.constructType(Instant.class)))
                .isInstanceOf(IsoInstantDeserializer.class);
        assertThat(IsoInstantDeserializer.parse("2026-11-28T06:00:00.25Z"))
                .isEqualTo(Instant.parse("2026-11-28T06:00:00.25Z"));
        assertThat(IsoInstantDeserializer.parse("2026-11-28T06:00:00+01:00")).isNull();
    }

    private static String outcome(ObjectMapper mapper, String json) {
        try {
            return "value " + mapper.readValue(json, Instant.class);
        } catch (Exception e) {
            return "failure " + e.getClass().getSimpleName();
        }
    }
}
