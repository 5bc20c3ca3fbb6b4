package io.scaligator.local;

import java.nio.file.Path;

/** The all-in-one runner's options: config file (may be null), simulated cluster or not, data dir, Kafka port. */
public record LocalOptions(Path config, boolean simulatedCluster, Path dataDir, int kafkaPort) {

    public LocalOptions {
        if (kafkaPort < 1 || kafkaPort > 65535) {
            throw new IllegalArgumentException("--kafka-port must be 1-65535, was " + kafkaPort);
        }
    }
}
