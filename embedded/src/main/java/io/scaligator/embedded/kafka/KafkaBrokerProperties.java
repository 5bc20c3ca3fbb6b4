package io.scaligator.embedded.kafka;

import io.scaligator.embedded.Loopback;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** The configuration of a one-node combined broker + controller that supports transactions and EOS. */
final class KafkaBrokerProperties {
    static final int NODE_ID = 1;
    static final String CONTROLLER_LISTENER = "CONTROLLER";

    private KafkaBrokerProperties() {}

    static Map<String, String> of(Path logDir, int brokerPort, int controllerPort, Map<String, String> overrides) {
        return of(logDir, brokerPort, controllerPort, null, overrides);
    }

    /** As {@link #of(Path, int, int, Map)}, with the client listener secured when {@code secure} is not null. */
    static Map<String, String> of(
            Path logDir, int brokerPort, int controllerPort, SaslSslListener secure, Map<String, String> overrides) {
        Map<String, String> props = new LinkedHashMap<>();
        props.put("process.roles", "broker,controller");
        props.put("node.id", String.valueOf(NODE_ID));
        props.put("controller.quorum.voters", NODE_ID + "@" + Loopback.HOST + ":" + controllerPort);
        props.put("controller.listener.names", CONTROLLER_LISTENER);
        props.put(
                "listeners",
                "PLAINTEXT://" + Loopback.HOST + ":" + brokerPort + "," + CONTROLLER_LISTENER + "://" + Loopback.HOST
                        + ":" + controllerPort);
        props.put("advertised.listeners", "PLAINTEXT://" + Loopback.HOST + ":" + brokerPort);
        props.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT," + CONTROLLER_LISTENER + ":PLAINTEXT");
        props.put("inter.broker.listener.name", "PLAINTEXT");
        props.put("log.dirs", logDir.toAbsolutePath().toString());
        // One node: every internal topic must make do with one replica, or transactions and groups never start.
        props.put("offsets.topic.replication.factor", "1");
        props.put("transaction.state.log.replication.factor", "1");
        props.put("transaction.state.log.min.isr", "1");
        props.put("share.coordinator.state.topic.replication.factor", "1");
        props.put("share.coordinator.state.topic.min.isr", "1");
        // Tests should not wait 3 s for the first consumer group rebalance.
        props.put("group.initial.rebalance.delay.ms", "0");
        // One node has no other replica to hand leadership to; a controlled shutdown only waits for the controller
        // (seen to hang the JVM's shutdown hook for minutes), so stop directly: logs are still flushed and closed.
        props.put("controlled.shutdown.enable", "false");
        if (secure != null) {
            props.putAll(secure.brokerProperties(brokerPort, controllerPort, CONTROLLER_LISTENER));
        }
        props.putAll(overrides);
        return props;
    }
}
