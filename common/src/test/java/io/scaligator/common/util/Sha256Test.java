package io.scaligator.common.util;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class Sha256Test {

    @Test
    void matchesTheKnownDigestOfAbc() {
        assertThat(Sha256.hex("abc")).isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }

    @Test
    void aPrefixIsTheStartOfTheWholeDigest() {
        assertThat(Sha256.hex("abc", 8)).isEqualTo("ba7816bf8f01cfea");
        assertThat(Sha256.hex("abc".getBytes(StandardCharsets.UTF_8), 10)).isEqualTo("ba7816bf8f01cfea4141");
    }

    @Test
    void refusesALengthADigestDoesNotHave() {
        assertThatThrownBy(() -> Sha256.hex("abc", 33)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Sha256.hex("abc", 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
