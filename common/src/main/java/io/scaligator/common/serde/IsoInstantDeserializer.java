package io.scaligator.common.serde;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.datatype.jsr310.deser.InstantDeserializer;
import java.io.IOException;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;

/**
 * Reads the instants Scaligator writes ({@code 2026-11-28T06:00:00Z}, {@code 2026-11-28T06:00:00.25Z}) without
 * {@code DateTimeFormatter}, which cost more than the rest of an observation's binding. Anything else (offsets,
 * numbers, out-of-range fields, other years) goes to Jackson's own {@link InstantDeserializer}, which decides and
 * reports exactly as before.
 */
final class IsoInstantDeserializer extends StdScalarDeserializer<Instant> {

    private static final int SHORTEST = "2026-11-28T06:00:00Z".length();
    private static final int[] TENS = {100_000_000, 10_000_000, 1_000_000, 100_000, 10_000, 1_000, 100, 10, 1};

    IsoInstantDeserializer() {
        super(Instant.class);
    }

    @Override
    public Instant deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
        if (p.currentToken() == JsonToken.VALUE_STRING) {
            Instant instant = parse(p.getText());
            if (instant != null) {
                return instant;
            }
        }
        return InstantDeserializer.INSTANT.deserialize(p, ctxt);
    }

    /** {@code yyyy-MM-ddTHH:mm:ss[.f{1,9}]Z} as an instant; null for any other text. */
    static Instant parse(String s) {
        int length = s.length();
        if (length < SHORTEST || length == SHORTEST + 1 || length > SHORTEST + 10 || s.charAt(4) != '-'
                || s.charAt(7) != '-' || s.charAt(10) != 'T' || s.charAt(13) != ':' || s.charAt(16) != ':'
                || s.charAt(length - 1) != 'Z') {
            return null;
        }
        int year = digits(s, 0, 4);
        int month = digits(s, 5, 2);
        int day = digits(s, 8, 2);
        int hour = digits(s, 11, 2);
        int minute = digits(s, 14, 2);
        int second = digits(s, 17, 2);
        int nanos = 0;
        if (length > SHORTEST) {
            int fraction = length - SHORTEST - 1;
            if (s.charAt(19) != '.') {
                return null;
            }
            int value = digits(s, 20, fraction);
            nanos = value < 0 ? -1 : value * TENS[fraction - 1];
        }
        if (year < 0 || month < 1 || day < 1 || hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0
                || second > 59 || nanos < 0) {
            return null;
        }
        try {
            long days = LocalDate.of(year, month, day).toEpochDay();
            return Instant.ofEpochSecond(days * 86_400 + hour * 3_600L + minute * 60L + second, nanos);
        } catch (DateTimeException e) {
            return null; // e.g. February 30: the fallback reports it as it always has
        }
    }

    /** The decimal number in {@code count} characters from {@code from}, or -1 if one is not a digit. */
    private static int digits(String s, int from, int count) {
        int value = 0;
        for (int i = from; i < from + count; i++) {
            int digit = s.charAt(i) - '0';
            if (digit < 0 || digit > 9) {
                return -1;
            }
            value = value * 10 + digit;
        }
        return value;
    }
}
