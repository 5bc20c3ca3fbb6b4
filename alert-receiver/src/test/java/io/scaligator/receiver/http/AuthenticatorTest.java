package io.scaligator.receiver.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.scaligator.common.config.ReceiverSettings.Auth;
import io.scaligator.common.config.Secret;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class AuthenticatorTest {

    private final Authenticator basic = new Authenticator(Auth.BASIC, null, "alertmanager", new Secret("s3cr:et"));

    @Test
    void acceptsBasicCredentialsWhosePasswordContainsAColon() {
        assertThatCode(() -> basic.check("Basic " + encode("alertmanager:s3cr:et")))
                .doesNotThrowAnyException();
        assertThatCode(() -> basic.check("basic " + encode("alertmanager:s3cr:et")))
                .doesNotThrowAnyException();
    }

    @Test
    void refusesAWrongUserOrPasswordOrGarbageWithABasicChallenge() {
        for (String header : new String[] {
            "Basic " + encode("root:s3cr:et"),
            "Basic " + encode("alertmanager:x"),
            "Basic !!!not-base64",
            "Basic " + encode("no-colon")
        }) {
            assertThatThrownBy(() -> basic.check(header))
                    .isInstanceOf(HttpProblem.class)
                    .hasMessage("invalid credentials")
                    .satisfies(e -> assertThat(((HttpProblem) e).headers())
                            .containsEntry("WWW-Authenticate", "Basic realm=\"scaligator\", charset=\"UTF-8\"")
                            .hasSize(1));
        }
    }

    @Test
    void acceptsAnythingWhenAuthIsExplicitlyDisabled() {
        assertThatCode(() -> new Authenticator(Auth.NONE, null, null, null).check(null))
                .doesNotThrowAnyException();
    }

    @Test
    void refusesToBeBuiltWithoutTheCredentialOfItsMode() {
        assertThatThrownBy(() -> new Authenticator(Auth.BEARER, null, null, null))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static String encode(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }
}
