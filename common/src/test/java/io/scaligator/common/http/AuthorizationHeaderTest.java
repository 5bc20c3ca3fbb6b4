package io.scaligator.common.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class AuthorizationHeaderTest {

    @Test
    void theCredentialFollowsTheSchemeWhateverItsCase() {
        assertThat(AuthorizationHeader.credential("Bearer abc", "Bearer")).isEqualTo("abc");
        assertThat(AuthorizationHeader.credential("bearer  abc ", "Bearer")).isEqualTo("abc");
        assertThat(AuthorizationHeader.credential("Bearer", "Bearer")).isEmpty();
    }

    @Test
    void aMissingHeaderOrAnotherSchemeIsNamed() {
        assertThatThrownBy(() -> AuthorizationHeader.credential(null, "Bearer"))
                .hasMessage("missing Authorization header; expected Bearer credentials");
        assertThatThrownBy(() -> AuthorizationHeader.credential(" ", "Basic"))
                .hasMessage("missing Authorization header; expected Basic credentials");
        assertThatThrownBy(() -> AuthorizationHeader.credential("Basic dXNlcjpwdw==", "Bearer"))
                .hasMessage("unsupported authorization scheme: use Bearer");
        assertThatThrownBy(() -> AuthorizationHeader.credential("x".repeat(40) + " y", "Bearer"))
                .hasMessage("unsupported authorization scheme: use Bearer");
    }

    @Test
    void aTokenSentWithoutASchemeIsNotEchoed() {
        assertThatThrownBy(() -> AuthorizationHeader.credential("s3cret-token-0123456789", "Basic"))
                .hasMessage("unsupported authorization scheme: use Basic")
                .message()
                .doesNotContain("s3cret");
    }
}
