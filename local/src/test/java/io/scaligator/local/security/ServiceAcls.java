package io.scaligator.local.security;

import io.scaligator.common.kafka.Topics;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;

/**
 * The ACLs each service's Kafka user needs, derived from what the service does; deploy/examples/strimzi-kafka.yaml
 * grants the same. Every service checks at start that the topics it uses exist (DESCRIBE; the poller and the engine
 * check all of them, and co-partitioning), so no service needs CREATE when the topics are made beforehand.
 */
final class ServiceAcls {

    private final Topics topics;
    private final String engineApplicationId;
    private final String actuatorGroupAndTransactionalId;

    ServiceAcls(Topics topics, String engineApplicationId, String actuatorGroupAndTransactionalId) {
        this.topics = topics;
        this.engineApplicationId = engineApplicationId;
        this.actuatorGroupAndTransactionalId = actuatorGroupAndTransactionalId;
    }

    /** alert-receiver: an idempotent producer of alerts. */
    List<AclBinding> receiver(String user) {
        List<AclBinding> acls = new ArrayList<>();
        topic(acls, user, topics.alerts(), AclOperation.DESCRIBE, AclOperation.WRITE);
        return acls;
    }

    /** metrics-poller: writes observations; checks every topic and co-partitioning at start. */
    List<AclBinding> poller(String user) {
        List<AclBinding> acls = describeAll(user);
        topic(acls, user, topics.observations(), AclOperation.WRITE);
        return acls;
    }

    /**
     * decision-engine: Kafka Streams with exactly_once_v2 reading alerts and observations, writing decisions,
     * commands and checkpoints, publishing its policy, keeping the alert index and writing the resolves it maps back
     * to alerts; its internal topics, consumer group and transactional ids all start with its application.id.
     */
    List<AclBinding> engine(String user) {
        List<AclBinding> acls = describeAll(user);
        topic(acls, user, topics.alerts(), AclOperation.READ, AclOperation.WRITE);
        topic(acls, user, topics.observations(), AclOperation.READ);
        topic(acls, user, topics.decisions(), AclOperation.WRITE);
        topic(acls, user, topics.commands(), AclOperation.WRITE);
        topic(acls, user, topics.policies(), AclOperation.WRITE);
        topic(acls, user, topics.alertIndex(), AclOperation.READ, AclOperation.WRITE);
        topic(acls, user, topics.deadLetters(), AclOperation.WRITE);
        topic(acls, user, topics.checkpoints(), AclOperation.WRITE);
        acls.add(allow(
                user,
                new ResourcePattern(ResourceType.TOPIC, engineApplicationId, PatternType.PREFIXED),
                AclOperation.ALL));
        acls.add(allow(
                user,
                new ResourcePattern(ResourceType.GROUP, engineApplicationId, PatternType.PREFIXED),
                AclOperation.READ));
        for (AclOperation operation : List.of(AclOperation.DESCRIBE, AclOperation.WRITE)) {
            acls.add(allow(
                    user,
                    new ResourcePattern(ResourceType.TRANSACTIONAL_ID, engineApplicationId, PatternType.PREFIXED),
                    operation));
        }
        return acls;
    }

    /** scale-actuator: reads commands in its group and writes outcomes in transactions with the same id. */
    List<AclBinding> actuator(String user) {
        List<AclBinding> acls = new ArrayList<>();
        topic(acls, user, topics.commands(), AclOperation.DESCRIBE, AclOperation.READ);
        topic(acls, user, topics.outcomes(), AclOperation.DESCRIBE, AclOperation.WRITE);
        acls.add(allow(
                user,
                new ResourcePattern(ResourceType.GROUP, actuatorGroupAndTransactionalId, PatternType.LITERAL),
                AclOperation.READ));
        for (AclOperation operation : List.of(AclOperation.DESCRIBE, AclOperation.WRITE)) {
            acls.add(allow(
                    user,
                    new ResourcePattern(
                            ResourceType.TRANSACTIONAL_ID, actuatorGroupAndTransactionalId, PatternType.LITERAL),
                    operation));
        }
        return acls;
    }

    /** The audit CLI: reads every topic, outside any consumer group. */
    List<AclBinding> audit(String user) {
        List<AclBinding> acls = describeAll(user);
        for (String topic : topics.all()) {
            topic(acls, user, topic, AclOperation.READ);
        }
        return acls;
    }

    private List<AclBinding> describeAll(String user) {
        List<AclBinding> acls = new ArrayList<>();
        for (String topic : topics.all()) {
            topic(acls, user, topic, AclOperation.DESCRIBE);
        }
        return acls;
    }

    private static void topic(List<AclBinding> acls, String user, String topic, AclOperation... operations) {
        for (AclOperation operation : operations) {
            acls.add(allow(user, new ResourcePattern(ResourceType.TOPIC, topic, PatternType.LITERAL), operation));
        }
    }

    private static AclBinding allow(String user, ResourcePattern resource, AclOperation operation) {
        return new AclBinding(
                resource, new AccessControlEntry("User:" + user, "*", operation, AclPermissionType.ALLOW));
    }
}
