package io.scaligator.common.util;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** SHA-256 as lower-case hex, the one way Scaligator derives deterministic ids and versions from content. */
public final class Sha256 {

    // getInstance looks the algorithm up among the security providers on every call; a digest per thread does not.
    private static final ThreadLocal<MessageDigest> DIGEST = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    });
    private static final int LENGTH = 32;

    private Sha256() {}

    /** The hex of the whole digest of the text's UTF-8 bytes (64 characters). */
    public static String hex(String text) {
        return hex(text.getBytes(StandardCharsets.UTF_8), LENGTH);
    }

    /** The hex of the first {@code bytes} bytes of the digest of the text's UTF-8 bytes. */
    public static String hex(String text, int bytes) {
        return hex(text.getBytes(StandardCharsets.UTF_8), bytes);
    }

    /** The hex of the first {@code bytes} bytes (1-32) of the digest of {@code data}. */
    public static String hex(byte[] data, int bytes) {
        if (bytes < 1 || bytes > LENGTH) {
            throw new IllegalArgumentException("a SHA-256 digest has 1 to 32 bytes, not " + bytes);
        }
        return HexFormat.of().formatHex(DIGEST.get().digest(data), 0, bytes);
    }
}
