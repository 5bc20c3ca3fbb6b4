package io.scaligator.actuator.kube;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ScalePatchTest {

    @Test
    void patchCarriesResourceVersionReplicasAndTheCommandAnnotationsInOneMergePatch() {
        ScalePatch patch = ScalePatch.of("42", 5, "c3", Instant.parse("2026-11-28T10:00:00Z"), List.of("c2", "c1"));

        assertThat(patch.toJson())
                .isEqualTo("{\"metadata\":{\"resourceVersion\":\"42\",\"annotations\":{"
                        + "\"scaligator.io/last-command-id\":\"c3\",\"scaligator.io/last-decided-at\":\"2026-11-28T10:00:00Z\","
                        + "\"scaligator.io/recent-command-ids\":\"c3,c2,c1\"}},\"spec\":{\"replicas\":5}}");
    }

    @Test
    void rememberedIdsAreCappedNewestFirst() {
        List<String> remembered = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            remembered.add("old-" + i);
        }

        ScalePatch patch = ScalePatch.of("1", 1, "new", Instant.EPOCH, remembered);

        assertThat(patch.recentCommandIds())
                .hasSize(ScalePatch.REMEMBERED_COMMANDS)
                .startsWith("new", "old-0")
                .doesNotContain("old-19");
    }
}
