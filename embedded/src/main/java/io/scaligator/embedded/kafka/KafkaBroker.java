package io.scaligator.embedded.kafka;

import io.scaligator.embedded.Loopback;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real one-node Kafka KRaft broker (combined broker + controller) in this JVM, listening on 127.0.0.1 only,
 * keeping its log in a directory the caller owns so that it survives {@link #stop()} and {@link #restart()}.
 */
public final class KafkaBroker implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(KafkaBroker.class);
    private static final String LOG_DIR = "kraft";

    static {
        KafkaLogLevels.quietUnlessConfigured();
    }

    private final Path logDir;
    private final int port;
    private final int controllerPort;
    private final Map<String, String> overrides;
    private final SaslSslListener secure;
    private KafkaRaftServer server;

    private KafkaBroker(Path dataDir, int port, SaslSslListener secure, Map<String, String> overrides) {
        this.logDir = dataDir.toAbsolutePath().resolve(LOG_DIR);
        this.port = port;
        this.controllerPort = Loopback.freePort();
        this.secure = secure;
        this.overrides = Map.copyOf(overrides);
    }

    /** Starts a broker on a free port with its data in {@code dataDir} (created and formatted if new). */
    public static KafkaBroker start(Path dataDir) {
        return builder(dataDir).start();
    }

    /** A builder for a broker keeping its data in {@code dataDir}. */
    public static Builder builder(Path dataDir) {
        return new Builder(dataDir);
    }

    /** The bootstrap servers clients connect to, {@code 127.0.0.1:PORT}; unchanged across restarts. */
    public String bootstrapServers() {
        return Loopback.HOST + ":" + port;
    }

    /** The directory holding the broker's metadata and partition logs. */
    public Path logDir() {
        return logDir;
    }

    /** Whether the broker is serving requests, i.e. started and not stopped. */
    public synchronized boolean isRunning() {
        return server != null;
    }

    /** Shuts the broker down cleanly, flushing its logs; clients then see it as unavailable. */
    public synchronized void stop() {
        if (server == null) {
            return;
        }
        LOG.info("Stopping Kafka broker {}", bootstrapServers());
        server.shutdown();
        server.awaitShutdown();
        server = null;
    }

    /** Stops the broker if it is running, then starts it again on the same port and the same data. */
    public synchronized void restart() {
        stop();
        startServer();
    }

    /** Stops the broker; the data directory is left for the caller to keep or delete. */
    @Override
    public synchronized void close() {
        stop();
    }

    private synchronized void startServer() {
        Map<String, String> props = KafkaBrokerProperties.of(logDir, port, controllerPort, secure, overrides);
        KafkaConfig config = new KafkaConfig(props);
        formatIfNew();
        KafkaRaftServer raftServer = new KafkaRaftServer(config, Time.SYSTEM);
        try {
            raftServer.startup();
        } catch (RuntimeException e) {
            // A half-started server still holds its ports and threads.
            raftServer.shutdown();
            raftServer.awaitShutdown();
            throw e;
        }
        server = raftServer;
        LOG.info("Kafka broker {} started, data in {}", bootstrapServers(), logDir);
    }

    private void formatIfNew() {
        if (Files.exists(logDir.resolve("meta.properties"))) {
            return;
        }
        String clusterId = Uuid.randomUuid().toString();
        try {
            Files.createDirectories(logDir);
            new Formatter()
                    .setPrintStream(new PrintStream(OutputStream.nullOutputStream()))
                    .setNodeId(KafkaBrokerProperties.NODE_ID)
                    .setClusterId(clusterId)
                    .setControllerListenerName(KafkaBrokerProperties.CONTROLLER_LISTENER)
                    .setMetadataLogDirectory(logDir.toString())
                    .addDirectory(logDir.toString())
                    .run();
        } catch (Exception e) {
            throw new IllegalStateException("cannot format Kafka log directory " + logDir, e);
        }
        LOG.info("Formatted Kafka log directory {} for new cluster {}", logDir, clusterId);
    }

    /** Chooses the port and extra broker properties before starting. */
    public static final class Builder {
        private final Path dataDir;
        private final Map<String, String> overrides = new LinkedHashMap<>();
        private int port;
        private SaslSslListener secure;

        private Builder(Path dataDir) {
            this.dataDir = Objects.requireNonNull(dataDir, "dataDir");
        }

        /** Listens on this port instead of a free one (0 = free one); the local runner uses a fixed port. */
        public Builder port(int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port must be 0..65535, was " + port);
            }
            this.port = port;
            return this;
        }

        /** Serves clients on a SASL_SSL listener with ACLs instead of PLAINTEXT; see {@link SaslSslListener}. */
        public Builder saslSsl(SaslSslListener listener) {
            this.secure = Objects.requireNonNull(listener, "listener");
            return this;
        }

        /** Adds or replaces one broker property, e.g. {@code num.partitions}. */
        public Builder config(String key, String value) {
            overrides.put(key, value);
            return this;
        }

        /** Formats the data directory if it is new and starts the broker; returns once it serves requests. */
        public KafkaBroker start() {
            KafkaBroker broker = new KafkaBroker(dataDir, port == 0 ? Loopback.freePort() : port, secure, overrides);
            broker.startServer();
            return broker;
        }
    }
}
