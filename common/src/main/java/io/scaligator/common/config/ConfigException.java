package io.scaligator.common.config;

import io.scaligator.common.error.FatalException;
import java.util.List;

/** The configuration cannot be used; the message lists every problem, each naming its key. */
public class ConfigException extends FatalException {

    private final List<String> problems;

    public ConfigException(List<String> problems) {
        super(
                problems.size() == 1
                        ? "invalid configuration: " + problems.get(0)
                        : "invalid configuration (" + problems.size() + " problems):\n  - "
                                + String.join("\n  - ", problems),
                null);
        this.problems = List.copyOf(problems);
    }

    public ConfigException(String problem) {
        this(List.of(problem));
    }

    /** Each problem on its own, for tests and tools. */
    public List<String> problems() {
        return problems;
    }
}
