package io.scaligator.receiver.http;

import io.scaligator.common.config.ReceiverSettings;
import io.scaligator.common.config.Secret;
import io.scaligator.common.http.AuthorizationHeader;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

/**
 * Checks the Authorization header the way Alertmanager's http_config sends it: {@code Bearer <token>} or
 * {@code Basic base64(user:password)}. Credentials are compared in constant time; both parts of a basic
 * credential are always compared, so the answer time does not tell which one was wrong.
 */
public final class Authenticator {

    private static final String REALM = "realm=\"scaligator\"";

    private final ReceiverSettings.Auth mode;
    private final Secret token;
    private final Secret username;
    private final Secret password;

    public Authenticator(ReceiverSettings.Auth mode, Secret token, String username, Secret password) {
        this.mode = mode;
        this.token = token;
        this.username = username == null ? null : new Secret(username);
        this.password = password;
        if (mode == ReceiverSettings.Auth.BEARER && token == null
                || mode == ReceiverSettings.Auth.BASIC && (username == null || password == null)) {
            throw new IllegalArgumentException("auth " + mode + " configured without its credential");
        }
    }

    /** The authenticator for one endpoint's resolved credential. */
    public static Authenticator of(ReceiverSettings.Credentials credentials) {
        return new Authenticator(
                credentials.auth(), credentials.token(), credentials.username(), credentials.password());
    }

    public ReceiverSettings.Auth mode() {
        return mode;
    }

    /** Returns normally for an accepted caller; throws a 401 {@link HttpProblem} with a challenge otherwise. */
    public void check(String authorization) {
        if (mode == ReceiverSettings.Auth.NONE) {
            return;
        }
        String scheme = mode == ReceiverSettings.Auth.BEARER ? "Bearer" : "Basic";
        String credential;
        try {
            credential = AuthorizationHeader.credential(authorization, scheme);
        } catch (IllegalArgumentException e) {
            throw unauthorized(e.getMessage(), scheme);
        }
        boolean accepted = mode == ReceiverSettings.Auth.BEARER ? token.matches(credential) : basicMatches(credential);
        if (!accepted) {
            throw unauthorized("invalid credentials", scheme);
        }
    }

    private boolean basicMatches(String credential) {
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(credential), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return false;
        }
        int colon = decoded.indexOf(':');
        if (colon < 0) {
            return false;
        }
        boolean user = username.matches(decoded.substring(0, colon));
        boolean pass = password.matches(decoded.substring(colon + 1));
        return user & pass;
    }

    private static HttpProblem unauthorized(String message, String scheme) {
        String challenge = scheme.equals("Basic") ? "Basic " + REALM + ", charset=\"UTF-8\"" : "Bearer " + REALM;
        return new HttpProblem(401, message, null, Map.of("WWW-Authenticate", challenge));
    }
}
