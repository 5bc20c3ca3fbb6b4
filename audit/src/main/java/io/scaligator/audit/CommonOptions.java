package io.scaligator.audit;

import io.scaligator.audit.read.LogReader;
import io.scaligator.audit.read.TimeRange;
import io.scaligator.common.config.ConfigException;
import io.scaligator.common.config.ConfigLoader;
import io.scaligator.common.config.KafkaSettings;
import io.scaligator.common.kafka.KafkaDefaults;
import io.scaligator.common.kafka.Topics;
import io.scaligator.common.target.TargetRef;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import picocli.CommandLine.Option;

/** Options every subcommand shares: where Kafka is, the topic prefix, the range and the targets. */
final class CommonOptions {

    @Option(
            names = "--config",
            paramLabel = "FILE",
            description = "Scaligator config; its [kafka] settings are the defaults")
    Path config;

    @Option(
            names = "--bootstrap-servers",
            paramLabel = "HOST:PORT",
            description = "Kafka (default: from --config, else localhost:9092)")
    String bootstrapServers;

    @Option(
            names = "--topic-prefix",
            paramLabel = "PREFIX",
            description = "topic prefix (default: from --config, else scaligator.)")
    String topicPrefix;

    @Option(
            names = "--since",
            paramLabel = "TIME",
            description = "ISO-8601 instant (2026-11-30T18:00:00Z) or an age (90m, 6h, 2d)")
    String since;

    @Option(names = "--until", paramLabel = "TIME", description = "end of the range, exclusive; same forms as --since")
    String until;

    private KafkaSettings settings;

    KafkaSettings kafka(Map<String, String> env) {
        if (settings == null) {
            try {
                settings = ConfigLoader.load(config, env).config().kafka();
            } catch (ConfigException e) {
                throw new AuditException(e.getMessage());
            }
        }
        return settings;
    }

    Topics topics(Map<String, String> env) {
        return new Topics(topicPrefix != null ? topicPrefix : kafka(env).topicPrefix());
    }

    LogReader reader(AuditContext ctx) {
        KafkaSettings k = kafka(ctx.env());
        return new LogReader(
                new KafkaDefaults(bootstrapServers != null ? bootstrapServers : k.bootstrapServers(), k.properties()),
                ctx.err(),
                ctx.clock());
    }

    TimeRange range(AuditContext ctx) {
        try {
            return new TimeRange(time("--since", since, ctx), time("--until", until, ctx));
        } catch (IllegalArgumentException e) {
            throw new AuditException(e.getMessage());
        }
    }

    static Set<String> targets(List<String> refs) {
        Set<String> keys = new LinkedHashSet<>();
        for (String ref : refs == null ? List.<String>of() : refs) {
            try {
                keys.add(TargetRef.parse(ref).key());
            } catch (IllegalArgumentException e) {
                throw new AuditException("--target " + ref + ": " + e.getMessage());
            }
        }
        return keys;
    }

    private static Instant time(String option, String text, AuditContext ctx) {
        if (text == null) {
            return null;
        }
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            // not an instant: maybe an age
        }
        if (text.matches("\\d+[smhd]")) {
            long n = Long.parseLong(text.substring(0, text.length() - 1));
            Duration age =
                    switch (text.charAt(text.length() - 1)) {
                        case 's' -> Duration.ofSeconds(n);
                        case 'm' -> Duration.ofMinutes(n);
                        case 'h' -> Duration.ofHours(n);
                        default -> Duration.ofDays(n);
                    };
            return ctx.clock().instant().minus(age);
        }
        throw new AuditException(option + " " + text + ": expected an ISO-8601 instant like 2026-11-30T18:00:00Z "
                + "or an age like 90m, 6h, 2d");
    }
}
