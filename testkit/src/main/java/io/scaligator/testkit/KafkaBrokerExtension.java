package io.scaligator.testkit;

import io.scaligator.embedded.kafka.KafkaBroker;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * JUnit 5 extension running one {@link KafkaBroker} in a fresh temporary directory for all tests of a class;
 * register it on a static field:
 * {@code @RegisterExtension static KafkaBrokerExtension kafka = new KafkaBrokerExtension();}.
 */
public final class KafkaBrokerExtension implements BeforeAllCallback, AfterAllCallback {
    private final Map<String, String> overrides = new LinkedHashMap<>();
    private Path dataDir;
    private KafkaBroker broker;

    /** Adds or replaces one broker property for the broker this extension will start. */
    public KafkaBrokerExtension withConfig(String key, String value) {
        overrides.put(key, value);
        return this;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        dataDir = TempDirs.create("scaligator-kafka-");
        KafkaBroker.Builder builder = KafkaBroker.builder(dataDir);
        overrides.forEach(builder::config);
        broker = builder.start();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        try {
            if (broker != null) {
                broker.close();
            }
        } finally {
            broker = null;
            TempDirs.deleteRecursively(dataDir);
        }
    }

    /** The running broker. */
    public KafkaBroker broker() {
        if (broker == null) {
            throw new IllegalStateException(
                    "the broker runs only between beforeAll and afterAll; is the extension field static?");
        }
        return broker;
    }

    /** {@code 127.0.0.1:PORT} of the broker. */
    public String bootstrapServers() {
        return broker().bootstrapServers();
    }

    /** Shuts the broker down cleanly; see {@link KafkaBroker#stop()}. */
    public void stop() {
        broker().stop();
    }

    /** Starts the broker again on the same port and data; see {@link KafkaBroker#restart()}. */
    public void restart() {
        broker().restart();
    }
}
