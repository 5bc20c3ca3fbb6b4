package io.scaligator.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * The webhook token the runner generates when the config has none: 32 random bytes, kept in the data directory
 * (owner-only) so that a restart keeps the token Alertmanager was configured with.
 */
final class WebhookToken {

    static final String FILE = "webhook-token";

    private WebhookToken() {}

    static String loadOrGenerate(Path dataDir) {
        Path file = dataDir.resolve(FILE);
        try {
            if (Files.isRegularFile(file)) {
                String token = Files.readString(file).strip();
                if (!token.isEmpty()) {
                    return token;
                }
            }
            byte[] bytes = new byte[32];
            new SecureRandom().nextBytes(bytes);
            String token = HexFormat.of().formatHex(bytes);
            Files.writeString(file, token + "\n");
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            return token;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or write the webhook token in " + file, e);
        }
    }
}
