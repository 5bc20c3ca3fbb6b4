package io.scaligator.common.config;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads typed values for {@link ConfigKey}s from the merged sources (environment over file over default) and
 * collects every problem instead of stopping at the first, so one start shows them all.
 */
public final class ConfigReader {

    private final Map<String, Object> fileValues;
    private final Map<String, String> env;
    private final String fileName;
    private final Map<String, Object> defaults;
    private final Map<String, Object> overrides;
    private final List<String> problems = new ArrayList<>();
    private final Set<String> knownKeys = new LinkedHashSet<>();

    ConfigReader(
            Map<String, Object> fileValues,
            Map<String, String> env,
            String fileName,
            Map<String, Object> defaults,
            Map<String, Object> overrides) {
        this.fileValues = fileValues;
        this.env = env;
        this.fileName = fileName;
        this.defaults = defaults;
        this.overrides = overrides;
    }

    /**
     * The value of a key: an embedding program's override, else the environment, else the file, else the embedding
     * program's default, else the key's own default.
     */
    public <T> T get(ConfigKey<T> key) {
        knownKeys.add(key.name());
        Object override = overrides.get(key.name());
        if (override != null) {
            return parse(key, override, "the launcher");
        }
        String envValue = env.get(key.envName());
        if (envValue != null) {
            return parse(key, envValue, "environment variable " + key.envName());
        }
        Object fileValue = fileValues.get(key.name());
        if (fileValue != null) {
            return parse(key, fileValue, fileName);
        }
        Object embeddedDefault = defaults.get(key.name());
        return embeddedDefault != null ? parse(key, embeddedDefault, "the launcher's default") : key.defaultValue();
    }

    /** Records a problem that spans keys or concerns a rule table; its text must name the key(s). */
    public void problem(String message) {
        problems.add(message);
    }

    /** Marks a key (or a table prefix) as known, for keys read without a {@link ConfigKey} (rule tables). */
    void markKnown(String name) {
        knownKeys.add(name);
    }

    List<String> problems() {
        return problems;
    }

    Set<String> knownKeys() {
        return knownKeys;
    }

    private <T> T parse(ConfigKey<T> key, Object raw, String origin) {
        try {
            return key.parse(raw);
        } catch (IllegalArgumentException e) {
            problems.add(key.name() + " = " + show(key, raw) + " (from " + origin + "): " + e.getMessage());
            return key.defaultValue();
        }
    }

    private static String show(ConfigKey<?> key, Object raw) {
        if (key.type() == ValueType.SECRET) {
            return "******";
        }
        return raw instanceof String s ? "\"" + s + "\"" : String.valueOf(raw);
    }
}
