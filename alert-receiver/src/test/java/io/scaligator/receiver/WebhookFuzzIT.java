package io.scaligator.receiver;

import static org.assertj.core.api.Assertions.assertThat;

import io.scaligator.receiver.core.PodOwnerResolver;
import io.scaligator.testkit.KafkaBrokerExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A short run of {@link WebhookFuzz} (the full 10,000-body run is its main method): no 5xx, no dropped connection. */
class WebhookFuzzIT {

    @RegisterExtension
    static KafkaBrokerExtension kafka = new KafkaBrokerExtension();

    @Test
    void answersEveryMutatedBodyWithoutA5xxOrADroppedConnection() throws Exception {
        try (ReceiverHarness receiver = ReceiverHarness.start(kafka.bootstrapServers(), PodOwnerResolver.disabled())) {
            WebhookFuzz.Figures figures = WebhookFuzz.run(receiver, 1000, 7, 4);

            assertThat(figures.serverErrors())
                    .as(figures + "\n" + figures.failures())
                    .isZero();
            assertThat(figures.dropped())
                    .as(figures + "\n" + figures.failures())
                    .isZero();
            assertThat(figures.statuses().keySet())
                    .as("the mutations reach the parser and some bodies stay valid")
                    .contains(200, 400);
        }
    }
}
