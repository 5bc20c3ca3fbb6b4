package io.scaligator.common.kafka;

import java.time.Duration;
import org.apache.kafka.clients.admin.ForwardingAdmin;

/**
 * An admin client whose plain {@link #close()} gives calls still pending at most {@link #CLOSE_TIMEOUT}. Kafka's own
 * {@code close()} waits for them to time out ({@code default.api.timeout.ms}, a minute) when the broker cannot be
 * reached, which would hold a failed start, or a shutdown during an outage, for that minute.
 */
public final class QuickClosingAdmin extends ForwardingAdmin {

    static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(2);

    private QuickClosingAdmin(KafkaDefaults kafka, String clientId) {
        super(kafka.admin(clientId));
    }

    public static QuickClosingAdmin open(KafkaDefaults kafka, String clientId) {
        return new QuickClosingAdmin(kafka, clientId);
    }

    @Override
    public void close() {
        close(CLOSE_TIMEOUT);
    }
}
