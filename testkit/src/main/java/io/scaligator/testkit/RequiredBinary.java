package io.scaligator.testkit;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;

/** Skips a test, or fails it on CI, when an external binary it needs is not installed. */
final class RequiredBinary {
    private static final String INSTALL = "apt-get install -y prometheus prometheus-alertmanager";

    private RequiredBinary() {}

    static void require(Path binary) {
        require(binary, System.getenv("CI"));
    }

    static void require(Path binary, String ciVariable) {
        if (Files.isExecutable(binary)) {
            return;
        }
        String message = binary + " is not installed; run: " + INSTALL;
        if ("true".equalsIgnoreCase(ciVariable)) {
            throw new AssertionError(message + " (CI=true: CI must install it)");
        }
        Assumptions.abort(message);
    }
}
