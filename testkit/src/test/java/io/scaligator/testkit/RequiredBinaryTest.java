package io.scaligator.testkit;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.opentest4j.TestAbortedException;

class RequiredBinaryTest {
    private static final Path MISSING = Path.of("/nonexistent/prometheus");

    @Test
    void missingBinaryFailsOnCi() {
        assertThatThrownBy(() -> RequiredBinary.require(MISSING, "true"))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("/nonexistent/prometheus")
                .hasMessageContaining("apt-get install -y prometheus prometheus-alertmanager");
    }

    @Test
    void missingBinarySkipsOutsideCi() {
        assertThatThrownBy(() -> RequiredBinary.require(MISSING, null))
                .isInstanceOf(TestAbortedException.class)
                .hasMessageContaining("apt-get install -y prometheus prometheus-alertmanager");
    }

    @Test
    void installedBinaryPasses() {
        assertThatCode(() -> RequiredBinary.require(Path.of("/bin/sh"), "true")).doesNotThrowAnyException();
    }
}
