package io.scaligator.common.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;

/**
 * One configuration key: its dotted name ({@code section.key} inside a TOML table), type, default, checks and a
 * line of documentation. The environment variable that overrides it follows from the name:
 * {@code SCALIGATOR_} + the name in upper case with dots as underscores.
 */
public final class ConfigKey<T> {

    /** A constraint on a parsed value, with the words describing what is allowed. */
    private record Check<T>(Predicate<T> test, String allowed) {}

    private final String name;
    private final ValueType<T> type;
    private final T defaultValue;
    private final String doc;
    private final List<Check<T>> checks;

    private ConfigKey(String name, ValueType<T> type, T defaultValue, String doc, List<Check<T>> checks) {
        this.name = name;
        this.type = type;
        this.defaultValue = defaultValue;
        this.doc = doc;
        this.checks = List.copyOf(checks);
    }

    /** A key with a default value (null: optional, absent unless set). */
    public static <T> ConfigKey<T> of(String name, ValueType<T> type, T defaultValue, String doc) {
        return new ConfigKey<>(name, type, defaultValue, doc, List.of());
    }

    /** Adds a check; {@code allowed} completes "allowed: ..." in the error message. */
    public ConfigKey<T> check(Predicate<T> test, String allowed) {
        List<Check<T>> more = new ArrayList<>(checks);
        more.add(new Check<>(test, allowed));
        return new ConfigKey<>(name, type, defaultValue, doc, more);
    }

    public static ConfigKey<Integer> integer(String name, int defaultValue, int min, int max, String doc) {
        return of(name, ValueType.INT, defaultValue, doc)
                .check(v -> v >= min && v <= max, "an integer from " + min + " to " + max);
    }

    public static ConfigKey<Duration> duration(
            String name, Duration defaultValue, Duration min, Duration max, String doc) {
        return of(name, ValueType.DURATION_TYPE, defaultValue, doc)
                .check(
                        v -> v.compareTo(min) >= 0 && v.compareTo(max) <= 0,
                        "a duration from " + human(min) + " to " + human(max));
    }

    /** The address a server of a service listens on; 0.0.0.0 (all interfaces) unless set. */
    public static ConfigKey<String> bindAddress(String name, String doc) {
        return of(name, ValueType.STRING, "0.0.0.0", doc).check(v -> !v.isBlank(), "an IP address or host name");
    }

    public String name() {
        return name;
    }

    public ValueType<T> type() {
        return type;
    }

    public T defaultValue() {
        return defaultValue;
    }

    public String doc() {
        return doc;
    }

    public String envName() {
        return "SCALIGATOR_" + name.toUpperCase(Locale.ROOT).replace('.', '_');
    }

    /** Parses and checks a raw value; the exception message says what is allowed, without the key. */
    T parse(Object raw) {
        T value = type.parse(raw);
        for (Check<T> check : checks) {
            if (!check.test().test(value)) {
                throw new IllegalArgumentException("allowed: " + check.allowed());
            }
        }
        return value;
    }

    static String human(Duration d) {
        if (d.toMillis() % 1000 != 0) {
            return d.toMillis() + "ms";
        }
        long s = d.getSeconds();
        if (s % 3600 == 0 && s > 0) {
            return s / 3600 + "h";
        }
        if (s % 60 == 0 && s > 0) {
            return s / 60 + "m";
        }
        return s + "s";
    }

    @Override
    public String toString() {
        return name;
    }
}
