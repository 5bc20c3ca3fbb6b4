package io.scaligator.common.schedule;

import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses kube-downscaler schedule text: comma-separated {@code Mon-Fri 08:00-20:00 Europe/Berlin} windows (a single
 * day such as {@code Sat} is allowed, day ranges may wrap as in {@code Fri-Mon}), absolute ranges
 * {@code 2026-12-24T00:00:00+00:00-2026-12-27T00:00:00+00:00}, {@code always} and {@code never}.
 */
public final class ScheduleParser {

    private static final Pattern WEEKLY =
            Pattern.compile("([A-Za-z]{3})(?:-([A-Za-z]{3}))?\\s+(\\d{2}):(\\d{2})-(\\d{2}):(\\d{2})\\s+(\\S+)");
    private static final Pattern ABSOLUTE =
            Pattern.compile("(\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}(?::\\d{2})?(?:Z|[+-]\\d{2}:\\d{2}))-"
                    + "(\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}(?::\\d{2})?(?:Z|[+-]\\d{2}:\\d{2}))");
    private static final Map<String, DayOfWeek> DAYS = Map.of(
            "mon",
            DayOfWeek.MONDAY,
            "tue",
            DayOfWeek.TUESDAY,
            "wed",
            DayOfWeek.WEDNESDAY,
            "thu",
            DayOfWeek.THURSDAY,
            "fri",
            DayOfWeek.FRIDAY,
            "sat",
            DayOfWeek.SATURDAY,
            "sun",
            DayOfWeek.SUNDAY);
    private static final int CACHE_LIMIT = 1024;
    private static final Map<String, Schedule> CACHE = new ConcurrentHashMap<>();

    private ScheduleParser() {}

    /** Parses a schedule; the exception message names the part that is wrong and what is allowed. */
    public static Schedule parse(String text) {
        if (text == null || text.isBlank()) {
            throw new ScheduleException("schedule is empty; expected e.g. \"Mon-Fri 08:00-20:00 Europe/Berlin\"");
        }
        List<Schedule.Window> windows = new ArrayList<>();
        for (String part : text.split(",")) {
            windows.add(window(part.trim(), text));
        }
        return new Schedule(text, windows);
    }

    /**
     * Like {@link #parse} but remembers results: workload annotations repeat on every observation. The cache is
     * cleared when it grows past a bound, so odd annotations cannot exhaust memory.
     */
    public static Schedule parseCached(String text) {
        Schedule cached = CACHE.get(text);
        if (cached != null) {
            return cached;
        }
        Schedule parsed = parse(text);
        if (CACHE.size() >= CACHE_LIMIT) {
            CACHE.clear();
        }
        CACHE.put(text, parsed);
        return parsed;
    }

    private static Schedule.Window window(String part, String whole) {
        String lower = part.toLowerCase(Locale.ROOT);
        if (lower.equals("always") || lower.equals("never")) {
            return new Schedule.Constant(lower.equals("always"));
        }
        Matcher absolute = ABSOLUTE.matcher(part);
        if (absolute.matches()) {
            try {
                var from = OffsetDateTime.parse(absolute.group(1), DateTimeFormatter.ISO_OFFSET_DATE_TIME)
                        .toInstant();
                var to = OffsetDateTime.parse(absolute.group(2), DateTimeFormatter.ISO_OFFSET_DATE_TIME)
                        .toInstant();
                if (!from.isBefore(to)) {
                    throw new ScheduleException("'" + part + "': the range must end after it starts");
                }
                return new Schedule.Absolute(from, to);
            } catch (DateTimeParseException e) {
                throw new ScheduleException("'" + part + "': " + e.getMessage());
            }
        }
        Matcher weekly = WEEKLY.matcher(part);
        if (!weekly.matches()) {
            throw new ScheduleException("'" + part + "' in \"" + whole + "\" is not a window; expected "
                    + "\"Mon-Fri 08:00-20:00 Europe/Berlin\", an ISO range \"2026-12-24T00:00:00+00:00-"
                    + "2026-12-27T00:00:00+00:00\", always or never");
        }
        DayOfWeek first = day(weekly.group(1), part);
        DayOfWeek last = weekly.group(2) == null ? first : day(weekly.group(2), part);
        LocalTime start = time(weekly.group(3), weekly.group(4), part);
        // kube-downscaler writes "until the end of the day" as 24:00; it is the next midnight, so the window
        // reads as an overnight one that ends at 00:00 (and 00:00-24:00 as the whole day).
        boolean untilMidnight = weekly.group(5).equals("24") && weekly.group(6).equals("00");
        LocalTime end = untilMidnight ? LocalTime.MIDNIGHT : time(weekly.group(5), weekly.group(6), part);
        if (start.equals(end) && !untilMidnight) {
            throw new ScheduleException(
                    "'" + part + "': start and end time are both " + start + "; use always for a whole day");
        }
        ZoneId zone;
        try {
            zone = ZoneId.of(weekly.group(7));
        } catch (DateTimeException e) {
            throw new ScheduleException("'" + part + "': unknown time zone '" + weekly.group(7)
                    + "'; use an IANA name such as Europe/Berlin or UTC");
        }
        Set<DayOfWeek> days = EnumSet.noneOf(DayOfWeek.class);
        for (DayOfWeek d = first; ; d = d.plus(1)) {
            days.add(d);
            if (d == last) {
                break;
            }
        }
        return new Schedule.Weekly(days, start, end, zone);
    }

    private static DayOfWeek day(String text, String part) {
        DayOfWeek day = DAYS.get(text.toLowerCase(Locale.ROOT));
        if (day == null) {
            throw new ScheduleException(
                    "'" + part + "': '" + text + "' is not a day; allowed: Mon, Tue, Wed, Thu, " + "Fri, Sat, Sun");
        }
        return day;
    }

    private static LocalTime time(String hours, String minutes, String part) {
        int h = Integer.parseInt(hours);
        int m = Integer.parseInt(minutes);
        if (h > 23 || m > 59) {
            throw new ScheduleException("'" + part + "': " + hours + ":" + minutes
                    + " is not a time of day (00:00-23:59, or 24:00 as an end)");
        }
        return LocalTime.of(h, m);
    }
}
