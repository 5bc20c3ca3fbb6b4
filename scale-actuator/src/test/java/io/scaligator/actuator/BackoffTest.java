package io.scaligator.actuator;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class BackoffTest {

    @Test
    void waitsDoubleUpToTheCap() {
        Backoff backoff = new Backoff(Duration.ofMillis(100), Duration.ofMillis(500));

        assertThat(java.util.stream.Stream.generate(backoff::next).limit(5).map(Duration::toMillis))
                .containsExactly(100L, 200L, 400L, 500L, 500L);
    }
}
