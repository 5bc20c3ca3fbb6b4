package io.scaligator.common.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ResourcesTest {

    @Test
    void closesInReverseOrderEvenWhenOneCloseFails() {
        List<String> closed = new ArrayList<>();
        Resources resources = new Resources();
        resources.track(() -> closed.add("first"));
        resources.track(() -> {
            closed.add("second");
            throw new IllegalStateException("boom");
        });
        resources.track(() -> closed.add("third"));

        resources.close();

        assertThat(closed).containsExactly("third", "second", "first");
    }

    @Test
    void closingAgainClosesNothingTwice() {
        List<String> closed = new ArrayList<>();
        Resources resources = new Resources();
        resources.track(() -> closed.add("once"));

        resources.close();
        resources.close();

        assertThat(closed).containsExactly("once");
    }

    @Test
    void aResourceTrackedAfterCloseIsClosedAtOnceAndRefused() {
        List<String> closed = new ArrayList<>();
        Resources resources = new Resources();
        resources.close();

        assertThatThrownBy(() -> resources.track(() -> closed.add("late")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("already stopped");
        assertThat(closed).containsExactly("late");
    }
}
