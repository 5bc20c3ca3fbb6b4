package io.scaligator.common.config;

import java.net.URI;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How a config value is read from TOML (string, number, boolean, array) or from an environment variable
 * (always a string). {@code parse} throws {@link IllegalArgumentException} with a message saying what is allowed.
 */
public record ValueType<T>(String description, Function<Object, T> parser) {

    private static final Pattern DURATION = Pattern.compile("(\\d+)(ms|s|m|h)");
    private static final DateTimeFormatter HH_MM = DateTimeFormatter.ofPattern("HH:mm");

    public static final ValueType<String> STRING = new ValueType<>("string", ValueType::asString);

    public static final ValueType<Integer> INT = new ValueType<>("integer", raw -> {
        if (raw instanceof Number n
                && n.doubleValue() == Math.rint(n.doubleValue())
                && Math.abs(n.doubleValue()) <= Integer.MAX_VALUE) {
            return n.intValue();
        }
        if (raw instanceof String s) {
            try {
                return Integer.parseInt(s.trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("expected an integer");
            }
        }
        throw new IllegalArgumentException("expected an integer");
    });

    public static final ValueType<Double> DOUBLE = new ValueType<>("number", raw -> {
        double value;
        if (raw instanceof Number n) {
            value = n.doubleValue();
        } else if (raw instanceof String s) {
            try {
                value = Double.parseDouble(s.trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("expected a number");
            }
        } else {
            throw new IllegalArgumentException("expected a number");
        }
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException("expected a finite number");
        }
        return value;
    });

    public static final ValueType<Boolean> BOOLEAN = new ValueType<>("boolean", raw -> {
        if (raw instanceof Boolean b) {
            return b;
        }
        if (raw instanceof String s
                && (s.trim().equalsIgnoreCase("true") || s.trim().equalsIgnoreCase("false"))) {
            return Boolean.parseBoolean(s.trim());
        }
        throw new IllegalArgumentException("expected true or false");
    });

    /**
     * Whole seconds as an integer, or a string such as {@code 30s}, {@code 250ms}, {@code 5m}, {@code 1h},
     * {@code PT30S}.
     */
    public static final ValueType<Duration> DURATION_TYPE =
            new ValueType<>("duration (seconds, or 250ms/30s/5m/1h)", ValueType::asDuration);

    /** A TOML array of strings, or one comma-separated string; entries are trimmed and empty ones dropped. */
    public static final ValueType<List<String>> STRING_LIST =
            new ValueType<>("list of strings (array or comma string)", raw -> {
                List<String> items = new ArrayList<>();
                if (raw instanceof List<?> list) {
                    for (Object item : list) {
                        if (!(item instanceof String s)) {
                            throw new IllegalArgumentException("expected an array of strings, found " + describe(item));
                        }
                        items.add(s.trim());
                    }
                } else if (raw instanceof String s) {
                    for (String part : s.split(",")) {
                        items.add(part.trim());
                    }
                } else {
                    throw new IllegalArgumentException("expected an array of strings or a comma-separated string");
                }
                items.removeIf(String::isEmpty);
                return List.copyOf(items);
            });

    /** A time of day as {@code HH:mm}, e.g. {@code 20:00}. */
    public static final ValueType<LocalTime> TIME_OF_DAY = new ValueType<>("time of day HH:mm", raw -> {
        String text = asString(raw).trim();
        try {
            return LocalTime.parse(text.length() > 5 ? text.substring(0, 5) : text, HH_MM);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("expected a time of day as HH:mm, e.g. 20:00");
        }
    });

    /** A time zone id such as {@code Europe/Berlin} or {@code UTC}. */
    public static final ValueType<ZoneId> ZONE = new ValueType<>("time zone id", raw -> {
        try {
            return ZoneId.of(asString(raw).trim());
        } catch (DateTimeException e) {
            throw new IllegalArgumentException("expected a time zone id such as UTC or Europe/Berlin");
        }
    });

    /** An absolute http or https URL. */
    public static final ValueType<String> HTTP_URL = new ValueType<>("http(s) URL", raw -> {
        String text = asString(raw).trim();
        try {
            URI uri = new URI(text);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if ((scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null) {
                return text.endsWith("/") ? text.substring(0, text.length() - 1) : text;
            }
        } catch (java.net.URISyntaxException e) {
            // reported below with the general message
        }
        throw new IllegalArgumentException("expected an absolute http:// or https:// URL with a host");
    });

    /** A credential; masked wherever the config is printed. */
    public static final ValueType<Secret> SECRET = new ValueType<>("string (secret)", raw -> {
        String text = asString(raw);
        if (text.isEmpty()) {
            throw new IllegalArgumentException("expected a non-empty string");
        }
        return new Secret(text);
    });

    public T parse(Object raw) {
        return parser.apply(raw);
    }

    private static String asString(Object raw) {
        if (raw instanceof String s) {
            return s;
        }
        throw new IllegalArgumentException("expected a string, found " + describe(raw));
    }

    private static Duration asDuration(Object raw) {
        if (raw instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue())) {
            return Duration.ofSeconds(n.longValue());
        }
        if (raw instanceof String s) {
            String text = s.trim();
            if (text.matches("\\d+")) {
                return Duration.ofSeconds(Long.parseLong(text));
            }
            Matcher m = DURATION.matcher(text);
            if (m.matches()) {
                long amount = Long.parseLong(m.group(1));
                return switch (m.group(2)) {
                    case "ms" -> Duration.ofMillis(amount);
                    case "s" -> Duration.ofSeconds(amount);
                    case "m" -> Duration.ofMinutes(amount);
                    default -> Duration.ofHours(amount);
                };
            }
            try {
                return Duration.parse(text);
            } catch (DateTimeParseException e) {
                // reported below with the general message
            }
        }
        throw new IllegalArgumentException("expected a duration: whole seconds, or a string like 250ms, 30s, 5m, 1h");
    }

    static String describe(Object raw) {
        if (raw == null) {
            return "nothing";
        }
        if (raw instanceof String) {
            return "a string";
        }
        if (raw instanceof Number) {
            return "a number";
        }
        if (raw instanceof Boolean) {
            return "a boolean";
        }
        if (raw instanceof List<?>) {
            return "an array";
        }
        if (raw instanceof java.util.Map<?, ?>) {
            return "a table";
        }
        return raw.getClass().getSimpleName();
    }
}
