package io.scaligator.common.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The README's key table is generated from the key definitions; this keeps the two from drifting apart. */
class ConfigReferenceTest {

    private static final String START = "<!-- config-reference:start";
    private static final String END = "<!-- config-reference:end -->";

    @Test
    void readmeListsEveryKeyExactlyAsDefined() throws IOException {
        String readme = Files.readString(Path.of("..", "README.md"));
        int start = readme.indexOf('\n', readme.indexOf(START)) + 1;
        int end = readme.indexOf(END);

        assertThat(readme.substring(start, end))
                .as("README key table is out of date; regenerate it with "
                        + "java -cp <common classpath> io.scaligator.common.config.ConfigReference")
                .isEqualTo(ConfigReference.markdownTable());
    }
}
