package io.scaligator.common.config;

import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Renders the config reference (every scalar key: type, default, environment variable, doc) as the Markdown
 * table the README carries, so the documentation is generated from the same definitions the loader uses.
 */
public final class ConfigReference {

    private ConfigReference() {}

    public static String markdownTable() {
        StringBuilder table =
                new StringBuilder("| key | type | default | environment | meaning |\n|---|---|---|---|---|\n");
        for (ConfigKey<?> key : ScaligatorConfig.allKeys()) {
            table.append("| `")
                    .append(key.name())
                    .append("` | ")
                    .append(key.type().description())
                    .append(" | ")
                    .append(defaultText(key.defaultValue()))
                    .append(" | `")
                    .append(key.envName())
                    .append("` | ")
                    .append(key.doc())
                    .append(" |\n");
        }
        return table.toString();
    }

    /** Prints the table, for pasting into the README after changing a key. */
    public static void main(String[] args) {
        System.out.print(markdownTable());
    }

    private static String defaultText(Object value) {
        if (value == null) {
            return "(unset)";
        }
        if (value instanceof Duration duration) {
            return "`" + ConfigKey.human(duration) + "`";
        }
        if (value instanceof List<?> list) {
            return "`[" + list.stream().map(v -> "\"" + v + "\"").collect(Collectors.joining(", ")) + "]`";
        }
        if (value instanceof String s) {
            return "`\"" + s + "\"`";
        }
        return "`" + value + "`";
    }
}
