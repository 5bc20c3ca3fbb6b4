package io.scaligator.audit;

import io.scaligator.common.config.ConfigException;
import io.scaligator.common.config.ConfigLoader;
import io.scaligator.common.config.ScaligatorConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A policy file that simulate and what-if try, read strictly: only the file's keys (the environment's overrides would
 * blur what is tried), and an unknown key is an error rather than the services' warning, since a misspelt key would
 * silently try another policy than the one written.
 */
final class PolicyFile {

    private PolicyFile() {}

    /** The config in {@code file}, given with {@code option}; an {@link AuditException} naming what is wrong. */
    static ScaligatorConfig read(String option, Path file) {
        requireFile(option, file);
        ConfigLoader.Loaded loaded;
        try {
            loaded = ConfigLoader.load(file, Map.of());
        } catch (ConfigException e) {
            throw new AuditException(option + " " + file + ": " + e.getMessage());
        }
        List<String> unknown = loaded.warnings();
        if (!unknown.isEmpty()) {
            throw new AuditException(option + " " + file + ": " + String.join("; ", unknown)
                    + " by the services; a policy to try must have none (a misspelt key would try another policy)");
        }
        return loaded.config();
    }

    /** Fails naming the option unless {@code file} is a regular file. */
    static void requireFile(String option, Path file) {
        if (!Files.isRegularFile(file)) {
            throw new AuditException(option + " " + file + ": "
                    + (Files.isDirectory(file) ? "is a directory, not a file" : "no such file"));
        }
    }
}
