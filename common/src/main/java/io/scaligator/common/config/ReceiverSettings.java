package io.scaligator.common.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/** The {@code [receiver]} table: the alert receiver's HTTP server, authentication and delivery settings. */
public record ReceiverSettings(String bindAddress, int port, int opsPort, Auth auth, Secret token, String username,
        Secret password, int maxBodyBytes, Duration publishTimeout, boolean resolvePods, int podCacheSize) {

    /** How callers authenticate. */
    public enum Auth { BEARER, BASIC, NONE }

    static final ConfigKey<String> BIND_ADDRESS = ConfigKey.of("receiver.bind_address", ValueType.STRING, "0.0.0.0",
            "Address the webhook server binds to");
    static final ConfigKey<Integer> PORT = ConfigKey.integer("receiver.port", 8080, 0, 65535,
            "Webhook port (POST /alerts, POST /v1/triggers); 0 picks a free port");
    static final ConfigKey<Integer> OPS_PORT = ConfigKey.integer("receiver.ops_port", 8081, 0, 65535,
            "Port of /healthz, /readyz, /metrics");
    static final ConfigKey<String> AUTH = ConfigKey.of("receiver.auth", ValueType.STRING, "bearer",
            "bearer, basic or none (none must be chosen explicitly and is warned about)")
            .check(v -> List.of("bearer", "basic", "none").contains(v.toLowerCase(Locale.ROOT)), "bearer, basic, none");
    static final ConfigKey<Secret> TOKEN = ConfigKey.of("receiver.token", ValueType.SECRET, null,
            "Bearer token callers must present");
    static final ConfigKey<String> TOKEN_FILE = ConfigKey.of("receiver.token_file", ValueType.STRING, null,
            "File holding the bearer token (e.g. a mounted Secret); used when token is not set");
    static final ConfigKey<String> USERNAME = ConfigKey.of("receiver.username", ValueType.STRING, null,
            "Basic auth user name");
    static final ConfigKey<Secret> PASSWORD = ConfigKey.of("receiver.password", ValueType.SECRET, null,
            "Basic auth password");
    static final ConfigKey<String> PASSWORD_FILE = ConfigKey.of("receiver.password_file", ValueType.STRING, null,
            "File holding the basic auth password; used when password is not set");
    static final ConfigKey<Integer> MAX_BODY_BYTES = ConfigKey.integer("receiver.max_body_bytes", 1 << 20, 1024,
            64 << 20, "Largest accepted request body in bytes; larger requests get 413");
    static final ConfigKey<Duration> PUBLISH_TIMEOUT = ConfigKey.duration("receiver.publish_timeout",
            Duration.ofSeconds(5), Duration.ofMillis(100), Duration.ofMinutes(5),
            "How long a request waits for Kafka's acknowledgement before answering 503");
    static final ConfigKey<Boolean> RESOLVE_PODS = ConfigKey.of("receiver.resolve_pods", ValueType.BOOLEAN, true,
            "Resolve alerts labelled only with a pod to its workload through the Kubernetes API");
    static final ConfigKey<Integer> POD_CACHE_SIZE = ConfigKey.integer("receiver.pod_cache_size", 10_000, 1, 1_000_000,
            "Entries kept in the pod -> workload cache");

    static List<ConfigKey<?>> keys() {
        return List.of(BIND_ADDRESS, PORT, OPS_PORT, AUTH, TOKEN, TOKEN_FILE, USERNAME, PASSWORD, PASSWORD_FILE,
                MAX_BODY_BYTES, PUBLISH_TIMEOUT, RESOLVE_PODS, POD_CACHE_SIZE);
    }

    static ReceiverSettings read(ConfigReader reader) {
        Auth auth = Auth.valueOf(reader.get(AUTH).toUpperCase(Locale.ROOT));
        Secret token = secret(reader, TOKEN, TOKEN_FILE);
        String username = reader.get(USERNAME);
        Secret password = secret(reader, PASSWORD, PASSWORD_FILE);
        if (auth == Auth.BEARER && token == null) {
            reader.problem("receiver.auth = \"bearer\" needs receiver.token or receiver.token_file; "
                    + "to run without authentication set receiver.auth = \"none\" explicitly");
        }
        if (auth == Auth.BASIC && (username == null || password == null)) {
            reader.problem("receiver.auth = \"basic\" needs receiver.username and receiver.password "
                    + "(or receiver.password_file)");
        }
        return new ReceiverSettings(reader.get(BIND_ADDRESS), reader.get(PORT), reader.get(OPS_PORT), auth, token,
                username, password, reader.get(MAX_BODY_BYTES), reader.get(PUBLISH_TIMEOUT), reader.get(RESOLVE_PODS),
                reader.get(POD_CACHE_SIZE));
    }

    private static Secret secret(ConfigReader reader, ConfigKey<Secret> valueKey, ConfigKey<String> fileKey) {
        Secret value = reader.get(valueKey);
        String file = reader.get(fileKey);
        if (value != null || file == null) {
            return value;
        }
        try {
            String content = Files.readString(Path.of(file)).strip();
            if (content.isEmpty()) {
                reader.problem(fileKey.name() + " = \"" + file + "\": the file is empty");
                return null;
            }
            return new Secret(content);
        } catch (IOException e) {
            reader.problem(fileKey.name() + " = \"" + file + "\": cannot read the file (" + e.getClass().getSimpleName()
                    + ": " + e.getMessage() + ")");
            return null;
        }
    }
}
