package io.scaligator.common.util;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SafeTextTest {

    @Test
    void leavesOrdinaryTextAloneIncludingUnicode() {
        String text = "alert HighLatency (0123456789abcdef) for shop/Deployment/web: Überlast ⚡ 過負荷 🚀";

        assertThat(SafeText.of(text)).isSameAs(text);
    }

    @Test
    void escapesLineBreaksSoNoValueCanForgeALogLine() {
        assertThat(SafeText.of("sale\n2026-12-02 INFO forged line\r\tx"))
                .isEqualTo("sale\\n2026-12-02 INFO forged line\\r\\tx")
                .doesNotContain("\n", "\r");
    }

    @Test
    void escapesTerminalControlsDirectionOverridesAndLoneSurrogates() {
        assertThat(SafeText.of("\u001b[2Jred\u0007\u0000\u007f\u009b"))
                .isEqualTo("\\u001b[2Jred\\u0007\\u0000\\u007f\\u009b");
        assertThat(SafeText.of("abc\u202edcba\u2066\u2028")).isEqualTo("abc\\u202edcba\\u2066\\u2028");
        assertThat(SafeText.of("x\ud800y\udc00")).isEqualTo("x\\ud800y\\udc00");
    }

    @Test
    void capsLongTextAndSaysHowMuchWasCut() {
        assertThat(SafeText.of("a".repeat(10_000), 100)).isEqualTo("a".repeat(100) + "...(9900 more chars)");
        assertThat(SafeText.of("\n".repeat(100), 9)).isEqualTo("\\n\\n\\n\\n...(96 more chars)");
        assertThat(SafeText.of("🚀".repeat(10), 5))
                .as("a surrogate pair is never split")
                .isEqualTo("🚀🚀...(16 more chars)");
        assertThat(SafeText.of(null)).isEqualTo("null");
    }
}
