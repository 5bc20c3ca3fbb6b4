package io.scaligator.common.service;

import io.scaligator.common.config.ScaligatorConfig;
import io.scaligator.common.ops.OpsServer;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import org.slf4j.LoggerFactory;

/**
 * What a starting service is given: its name, the loaded config, the clock, how to ask for the process to end, the
 * {@link Resources} everything it opens goes into, its ops server, and clients shared by a program that runs several
 * services in one JVM (the all-in-one runner shares one Kubernetes client).
 */
public final class ServiceContext {

    private final String name;
    private final ScaligatorConfig config;
    private final Clock clock;
    private final Exit exit;
    private final Resources resources = new Resources();
    private final Map<Class<?>, Object> shared;

    private ServiceContext(String name, ScaligatorConfig config, Clock clock, Exit exit, Map<Class<?>, Object> shared) {
        this.name = Objects.requireNonNull(name, "name");
        this.config = Objects.requireNonNull(config, "config");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.exit = Objects.requireNonNull(exit, "exit");
        this.shared = Map.copyOf(shared);
    }

    /** A context for the named service on the wall clock; {@code exit} is what {@link #exit()} calls. */
    public static ServiceContext of(String name, ScaligatorConfig config, Exit exit) {
        return builder(name, config).exit(exit).build();
    }

    public static Builder builder(String name, ScaligatorConfig config) {
        return new Builder(name, config);
    }

    public String name() {
        return name;
    }

    public ScaligatorConfig config() {
        return config;
    }

    public Clock clock() {
        return clock;
    }

    /** Asks for the process to end (a service that cannot go on, or exit_on_leadership_loss). */
    public Exit exit() {
        return exit;
    }

    /** Where everything the service opens is tracked, to be closed in reverse order. */
    public Resources resources() {
        return resources;
    }

    /** Starts the service's ops server (/healthz, /readyz, /metrics) and tracks it. */
    public OpsServer startOps(String bindAddress, int port) {
        return resources.track(OpsServer.start(name, bindAddress, port));
    }

    /**
     * The client of this type the embedding program shares (not closed by the service), else a new one from
     * {@code create}, tracked so that the service closes it.
     */
    public <C extends AutoCloseable> C client(Class<C> type, Supplier<? extends C> create) {
        Object given = shared.get(type);
        if (given != null) {
            return type.cast(given);
        }
        return resources.track(create.get());
    }

    /** Builds a context; by default on the UTC wall clock, with an exit that only logs that it was asked for. */
    public static final class Builder {

        private final String name;
        private final ScaligatorConfig config;
        private Clock clock = Clock.systemUTC();
        private Exit exit = status -> LoggerFactory.getLogger(ServiceContext.class)
                .error("asked to exit with status {}; this program does not end on a service's request", status);
        private final Map<Class<?>, Object> shared = new HashMap<>();

        private Builder(String name, ScaligatorConfig config) {
            this.name = name;
            this.config = config;
        }

        public Builder clock(Clock clock) {
            this.clock = clock;
            return this;
        }

        public Builder exit(Exit exit) {
            this.exit = exit;
            return this;
        }

        /** A client every service of this program uses; the program, not the service, closes it. */
        public <C extends AutoCloseable> Builder share(Class<C> type, C client) {
            shared.put(type, Objects.requireNonNull(client, "client"));
            return this;
        }

        public ServiceContext build() {
            return new ServiceContext(name, config, clock, exit, shared);
        }
    }
}
