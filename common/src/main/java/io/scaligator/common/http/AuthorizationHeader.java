package io.scaligator.common.http;

import java.util.Locale;

/**
 * Reads an HTTP {@code Authorization} header of an expected scheme ({@code Bearer}, {@code Basic}); the one place
 * the receiver and the engine's API take a credential from a request.
 */
public final class AuthorizationHeader {

    private AuthorizationHeader() {}

    /**
     * The credential after the scheme; an {@link IllegalArgumentException} saying what is wrong (no header, another
     * scheme) otherwise. The message never quotes the header: a caller that sends its token without a scheme would
     * get the token back. The credential is not checked here: compare it in constant time (a config
     * {@link io.scaligator.common.config.Secret}).
     */
    public static String credential(String authorization, String scheme) {
        if (authorization == null || authorization.isBlank()) {
            throw new IllegalArgumentException("missing Authorization header; expected " + scheme + " credentials");
        }
        int space = authorization.indexOf(' ');
        String presentedScheme = space < 0 ? authorization : authorization.substring(0, space);
        if (!presentedScheme.toLowerCase(Locale.ROOT).equals(scheme.toLowerCase(Locale.ROOT))) {
            throw new IllegalArgumentException("unsupported authorization scheme: use " + scheme);
        }
        return space < 0 ? "" : authorization.substring(space + 1).strip();
    }
}
