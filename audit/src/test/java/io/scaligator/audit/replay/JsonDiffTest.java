package io.scaligator.audit.replay;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class JsonDiffTest {

    private static byte[] json(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void namesEachDifferingFieldByPathWithBothValues() {
        var fields = JsonDiff.diff(
                json("{\"a\":1,\"list\":[{\"r\":2},{\"r\":3}],\"gone\":true}"),
                json("{\"a\":1,\"list\":[{\"r\":2},{\"r\":4}],\"new\":\"x\"}"));

        assertThat(fields)
                .containsExactly(
                        new JsonDiff.Field("gone", "true", "(absent)"),
                        new JsonDiff.Field("list[1].r", "3", "4"),
                        new JsonDiff.Field("new", "(absent)", "\"x\""));
    }

    @Test
    void sameContentInOtherBytesIsStillReportedAsADifference() {
        assertThat(JsonDiff.diff(json("{\"a\":1,\"b\":2}"), json("{\"b\":2,\"a\":1}")))
                .singleElement()
                .satisfies(f -> assertThat(f.path()).isEqualTo("(bytes)"));
    }
}
