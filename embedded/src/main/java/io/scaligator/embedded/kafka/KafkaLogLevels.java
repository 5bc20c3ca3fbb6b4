package io.scaligator.embedded.kafka;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Properties;

/**
 * Turns the embedded broker's INFO chatter down to WARN for the slf4j-simple backend.
 *
 * <p>Kafka 4.3 server code logs through SLF4J (log4j-core is on the classpath only for its dynamic log-level
 * admin API), so whichever SLF4J backend the caller has prints it. slf4j-simple reads a logger's level when the
 * logger is created, from system properties first and then {@code simplelogger.properties}; so this sets the
 * system property for each Kafka logger prefix before any broker class loads, unless the caller already chose a
 * level for that prefix in either place.
 */
final class KafkaLogLevels {
    private static final String SIMPLE_LOGGER_PREFIX = "org.slf4j.simpleLogger.log.";
    private static final List<String> KAFKA_LOGGERS = List.of("kafka", "org.apache.kafka", "state.change.logger");

    private KafkaLogLevels() {}

    static void quietUnlessConfigured() {
        Properties file = simpleLoggerProperties();
        for (String logger : KAFKA_LOGGERS) {
            String key = SIMPLE_LOGGER_PREFIX + logger;
            if (System.getProperty(key) == null && !file.containsKey(key)) {
                System.setProperty(key, "warn");
            }
        }
    }

    private static Properties simpleLoggerProperties() {
        Properties properties = new Properties();
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        try (InputStream in = loader != null
                ? loader.getResourceAsStream("simplelogger.properties")
                : ClassLoader.getSystemResourceAsStream("simplelogger.properties")) {
            if (in != null) {
                properties.load(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read simplelogger.properties", e);
        }
        return properties;
    }
}
