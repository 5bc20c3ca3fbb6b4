package io.scaligator.receiver.payload;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;

/**
 * Parses RFC 3339 times as Go writes them ({@code 2026-11-28T05:41:02.123456789Z}, or with an offset) without
 * the formatter machinery, which was a sixth of the webhook handler's CPU; anything unusual goes to
 * {@link OffsetDateTime#parse}, so the accepted language is exactly ISO_OFFSET_DATE_TIME's.
 */
final class Rfc3339 {

    private Rfc3339() {}

    /** @throws java.time.format.DateTimeParseException or DateTimeException when the text is not such a time */
    static Instant parse(String text) {
        Instant fast = fast(text);
        return fast != null ? fast : OffsetDateTime.parse(text).toInstant();
    }

    private static Instant fast(String s) {
        int n = s.length();
        if (n < 20
                || s.charAt(4) != '-'
                || s.charAt(7) != '-'
                || s.charAt(10) != 'T'
                || s.charAt(13) != ':'
                || s.charAt(16) != ':') {
            return null;
        }
        int year = digits(s, 0, 4);
        int month = digits(s, 5, 2);
        int day = digits(s, 8, 2);
        int hour = digits(s, 11, 2);
        int minute = digits(s, 14, 2);
        int second = digits(s, 17, 2);
        if (year < 0 || month < 0 || day < 0 || hour < 0 || minute < 0 || second < 0) {
            return null;
        }
        int i = 19;
        int nanos = 0;
        if (s.charAt(i) == '.') {
            int start = ++i;
            while (i < n && Character.isDigit(s.charAt(i)) && i - start < 9) {
                nanos = nanos * 10 + (s.charAt(i++) - '0');
            }
            if (i == start || (i < n && Character.isDigit(s.charAt(i)))) {
                return null;
            }
            for (int k = i - start; k < 9; k++) {
                nanos *= 10;
            }
        }
        int offsetSeconds;
        if (i == n - 1 && s.charAt(i) == 'Z') {
            offsetSeconds = 0;
        } else if (i == n - 6 && (s.charAt(i) == '+' || s.charAt(i) == '-') && s.charAt(i + 3) == ':') {
            int oh = digits(s, i + 1, 2);
            int om = digits(s, i + 4, 2);
            if (oh < 0 || om < 0 || oh > 18 || om > 59) {
                return null;
            }
            offsetSeconds = (s.charAt(i) == '-' ? -1 : 1) * (oh * 3600 + om * 60);
        } else {
            return null;
        }
        if (hour > 23 || minute > 59 || second > 59) {
            return null;
        }
        try {
            long epochDay = LocalDate.of(year, month, day).toEpochDay();
            long epochSecond = epochDay * 86_400 + hour * 3600L + minute * 60L + second - offsetSeconds;
            return Instant.ofEpochSecond(epochSecond, nanos);
        } catch (DateTimeException e) {
            return null; // e.g. month 13 or February 30: let the full parser produce its message
        }
    }

    private static int digits(String s, int from, int count) {
        int value = 0;
        for (int i = from; i < from + count; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }
}
