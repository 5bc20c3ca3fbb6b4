package io.scaligator.common.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The {@code [receiver]} table: the alert receiver's HTTP server, authentication and delivery settings. The
 * credential is resolved by the receiver alone ({@link #credentials()}): the other services read the same file but
 * neither have nor need the mounted token.
 */
public record ReceiverSettings(String bindAddress, int port, int opsPort, Auth auth, Secret token, String tokenFile,
        String username, Secret password, String passwordFile, int maxBodyBytes, Duration publishTimeout,
        boolean resolvePods, int podCacheSize) {

    /** How callers authenticate. */
    public enum Auth { BEARER, BASIC, NONE }

    /** The credential callers must present, with secrets read from their files. */
    public record Credentials(Auth auth, Secret token, String username, Secret password) {
    }

    static final ConfigKey<String> BIND_ADDRESS = ConfigKey.bindAddress("receiver.bind_address",
            "Address the webhook server and the ops endpoints bind to");
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
        return new ReceiverSettings(reader.get(BIND_ADDRESS), reader.get(PORT), reader.get(OPS_PORT),
                Auth.valueOf(reader.get(AUTH).toUpperCase(Locale.ROOT)), reader.get(TOKEN), reader.get(TOKEN_FILE),
                reader.get(USERNAME), reader.get(PASSWORD), reader.get(PASSWORD_FILE), reader.get(MAX_BODY_BYTES),
                reader.get(PUBLISH_TIMEOUT), reader.get(RESOLVE_PODS), reader.get(POD_CACHE_SIZE));
    }

    /**
     * Resolves the credential, reading token_file / password_file when the value itself is not set. Without a
     * credential for the chosen scheme the receiver must not start: a {@link ConfigException} names the keys.
     */
    public Credentials credentials() {
        List<String> problems = new ArrayList<>();
        Secret resolvedToken = resolve(token, TOKEN_FILE, tokenFile, problems);
        Secret resolvedPassword = resolve(password, PASSWORD_FILE, passwordFile, problems);
        if (problems.isEmpty() && auth == Auth.BEARER && resolvedToken == null) {
            problems.add("receiver.auth = \"bearer\" needs receiver.token or receiver.token_file; "
                    + "to run without authentication set receiver.auth = \"none\" explicitly");
        }
        if (problems.isEmpty() && auth == Auth.BASIC && (username == null || resolvedPassword == null)) {
            problems.add("receiver.auth = \"basic\" needs receiver.username and receiver.password "
                    + "(or receiver.password_file)");
        }
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
        return new Credentials(auth, resolvedToken, username, resolvedPassword);
    }

    private static Secret resolve(Secret value, ConfigKey<String> fileKey, String file, List<String> problems) {
        if (value != null || file == null) {
            return value;
        }
        try {
            String content = Files.readString(Path.of(file)).strip();
            if (content.isEmpty()) {
                problems.add(fileKey.name() + " = \"" + file + "\": the file is empty");
                return null;
            }
            return new Secret(content);
        } catch (IOException e) {
            problems.add(fileKey.name() + " = \"" + file + "\": cannot read the file (" + e.getClass().getSimpleName()
                    + ": " + e.getMessage() + ")");
            return null;
        }
    }
}
