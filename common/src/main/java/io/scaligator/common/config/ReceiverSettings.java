package io.scaligator.common.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The {@code [receiver]} table: the alert receiver's HTTP server, authentication, TLS and delivery settings. The
 * credentials are resolved by the receiver alone ({@link #credentials()}): the other services read the same file
 * but neither have nor need the mounted token.
 */
public record ReceiverSettings(
        String bindAddress,
        int port,
        int opsPort,
        Auth auth,
        Secret token,
        String tokenFile,
        String username,
        Secret password,
        String passwordFile,
        int maxBodyBytes,
        Duration publishTimeout,
        boolean resolvePods,
        int podCacheSize,
        CredentialKeys alertsCredential,
        CredentialKeys triggersCredential,
        Tls tls) {

    /** How callers authenticate. */
    public enum Auth {
        BEARER,
        BASIC,
        NONE
    }

    /** The two write endpoints, each of which may have its own credential. */
    public enum Endpoint {
        ALERTS("alerts", "POST /alerts"),
        TRIGGERS("triggers", "POST /v1/triggers");

        private final String keyPrefix;
        private final String description;

        Endpoint(String keyPrefix, String description) {
            this.keyPrefix = keyPrefix;
            this.description = description;
        }
    }

    /** Shortest token or password accepted: 16 characters (e.g. {@code openssl rand -hex 32} gives 64). */
    public static final int MIN_CREDENTIAL_LENGTH = 16;

    /** The credential callers of one endpoint must present, with secrets read from their files. */
    public record Credentials(Auth auth, Secret token, String username, Secret password) {}

    /** The resolved credentials of both endpoints. */
    public record EndpointCredentials(Credentials alerts, Credentials triggers) {

        public Credentials of(Endpoint endpoint) {
            return endpoint == Endpoint.ALERTS ? alerts : triggers;
        }
    }

    /** One endpoint's own credential keys as configured; all unset means the shared credential applies. */
    public record CredentialKeys(
            Secret token, String tokenFile, String username, Secret password, String passwordFile) {

        boolean isSet() {
            return token != null || tokenFile != null || username != null || password != null || passwordFile != null;
        }
    }

    /** TLS for the webhook port from PEM files; null files mean plain HTTP. */
    public record Tls(String certFile, String keyFile, Duration reloadInterval) {

        public boolean enabled() {
            return certFile != null;
        }

        @Override
        public String toString() {
            return enabled()
                    ? "tls(cert=" + certFile + ", key=" + keyFile + ", reload every " + reloadInterval + ")"
                    : "tls(off)";
        }
    }

    static final ConfigKey<String> BIND_ADDRESS =
            ConfigKey.bindAddress("receiver.bind_address", "Address the webhook server and the ops endpoints bind to");
    static final ConfigKey<Integer> PORT = ConfigKey.integer(
            "receiver.port", 8080, 0, 65535, "Webhook port (POST /alerts, POST /v1/triggers); 0 picks a free port");
    static final ConfigKey<Integer> OPS_PORT =
            ConfigKey.integer("receiver.ops_port", 8081, 0, 65535, "Port of /healthz, /readyz, /metrics");
    static final ConfigKey<String> AUTH = ConfigKey.of(
                    "receiver.auth",
                    ValueType.STRING,
                    "bearer",
                    "bearer, basic or none (none must be chosen explicitly and is warned about)")
            .check(v -> List.of("bearer", "basic", "none").contains(v.toLowerCase(Locale.ROOT)), "bearer, basic, none");
    static final ConfigKey<Secret> TOKEN =
            ConfigKey.of("receiver.token", ValueType.SECRET, null, "Bearer token callers must present");
    static final ConfigKey<String> TOKEN_FILE = ConfigKey.of(
            "receiver.token_file",
            ValueType.STRING,
            null,
            "File holding the bearer token (e.g. a mounted Secret); used when token is not set");
    static final ConfigKey<String> USERNAME =
            ConfigKey.of("receiver.username", ValueType.STRING, null, "Basic auth user name");
    static final ConfigKey<Secret> PASSWORD =
            ConfigKey.of("receiver.password", ValueType.SECRET, null, "Basic auth password");
    static final ConfigKey<String> PASSWORD_FILE = ConfigKey.of(
            "receiver.password_file",
            ValueType.STRING,
            null,
            "File holding the basic auth password; used when password is not set");
    static final ConfigKey<Integer> MAX_BODY_BYTES = ConfigKey.integer(
            "receiver.max_body_bytes",
            1 << 20,
            1024,
            64 << 20,
            "Largest accepted request body in bytes; larger requests get 413");
    static final ConfigKey<Duration> PUBLISH_TIMEOUT = ConfigKey.duration(
            "receiver.publish_timeout",
            Duration.ofSeconds(5),
            Duration.ofMillis(100),
            Duration.ofMinutes(5),
            "How long a request waits for Kafka's acknowledgement before answering 503");
    static final ConfigKey<Boolean> RESOLVE_PODS = ConfigKey.of(
            "receiver.resolve_pods",
            ValueType.BOOLEAN,
            true,
            "Resolve alerts labelled only with a pod to its workload through the Kubernetes API");
    static final ConfigKey<Integer> POD_CACHE_SIZE = ConfigKey.integer(
            "receiver.pod_cache_size", 10_000, 1, 1_000_000, "Entries kept in the pod -> workload cache");

    static final ConfigKey<String> TLS_CERT_FILE = ConfigKey.of(
            "receiver.tls_cert_file",
            ValueType.STRING,
            null,
            "PEM certificate chain for HTTPS on the webhook port (with tls_key_file); unset: plain HTTP");
    static final ConfigKey<String> TLS_KEY_FILE = ConfigKey.of(
            "receiver.tls_key_file",
            ValueType.STRING,
            null,
            "PEM private key (PKCS#8, or PKCS#1 RSA) of tls_cert_file");
    static final ConfigKey<Duration> TLS_RELOAD_INTERVAL = ConfigKey.duration(
            "receiver.tls_reload_interval",
            Duration.ofSeconds(30),
            Duration.ofSeconds(1),
            Duration.ofHours(1),
            "How often the PEM files are checked for changes; a changed pair is loaded without a restart");

    /** The five credential keys of one endpoint: receiver.alerts_token, ..., receiver.triggers_password_file. */
    private record EndpointKeys(
            ConfigKey<Secret> token,
            ConfigKey<String> tokenFile,
            ConfigKey<String> username,
            ConfigKey<Secret> password,
            ConfigKey<String> passwordFile) {

        static EndpointKeys of(Endpoint endpoint) {
            String p = "receiver." + endpoint.keyPrefix + "_";
            String only = " for " + endpoint.description + " only (instead of the shared one)";
            return new EndpointKeys(
                    ConfigKey.of(p + "token", ValueType.SECRET, null, "Bearer token" + only),
                    ConfigKey.of(p + "token_file", ValueType.STRING, null, "File holding the bearer token" + only),
                    ConfigKey.of(p + "username", ValueType.STRING, null, "Basic auth user name" + only),
                    ConfigKey.of(p + "password", ValueType.SECRET, null, "Basic auth password" + only),
                    ConfigKey.of(
                            p + "password_file",
                            ValueType.STRING,
                            null,
                            "File holding the basic auth password" + only));
        }

        List<ConfigKey<?>> all() {
            return List.of(token, tokenFile, username, password, passwordFile);
        }

        CredentialKeys read(ConfigReader reader) {
            return new CredentialKeys(
                    reader.get(token),
                    reader.get(tokenFile),
                    reader.get(username),
                    reader.get(password),
                    reader.get(passwordFile));
        }
    }

    private static final EndpointKeys ALERTS_KEYS = EndpointKeys.of(Endpoint.ALERTS);
    private static final EndpointKeys TRIGGERS_KEYS = EndpointKeys.of(Endpoint.TRIGGERS);

    static List<ConfigKey<?>> keys() {
        List<ConfigKey<?>> keys = new ArrayList<>(
                List.of(BIND_ADDRESS, PORT, OPS_PORT, AUTH, TOKEN, TOKEN_FILE, USERNAME, PASSWORD, PASSWORD_FILE));
        keys.addAll(ALERTS_KEYS.all());
        keys.addAll(TRIGGERS_KEYS.all());
        keys.addAll(List.of(
                MAX_BODY_BYTES,
                PUBLISH_TIMEOUT,
                RESOLVE_PODS,
                POD_CACHE_SIZE,
                TLS_CERT_FILE,
                TLS_KEY_FILE,
                TLS_RELOAD_INTERVAL));
        return keys;
    }

    static ReceiverSettings read(ConfigReader reader) {
        return new ReceiverSettings(
                reader.get(BIND_ADDRESS),
                reader.get(PORT),
                reader.get(OPS_PORT),
                Auth.valueOf(reader.get(AUTH).toUpperCase(Locale.ROOT)),
                reader.get(TOKEN),
                reader.get(TOKEN_FILE),
                reader.get(USERNAME),
                reader.get(PASSWORD),
                reader.get(PASSWORD_FILE),
                reader.get(MAX_BODY_BYTES),
                reader.get(PUBLISH_TIMEOUT),
                reader.get(RESOLVE_PODS),
                reader.get(POD_CACHE_SIZE),
                ALERTS_KEYS.read(reader),
                TRIGGERS_KEYS.read(reader),
                tls(reader));
    }

    private static Tls tls(ConfigReader reader) {
        String cert = reader.get(TLS_CERT_FILE);
        String key = reader.get(TLS_KEY_FILE);
        if ((cert == null) != (key == null)) {
            reader.problem(TLS_CERT_FILE.name() + " and " + TLS_KEY_FILE.name()
                    + " must be set together (HTTPS needs the certificate and its key)");
            return new Tls(null, null, reader.get(TLS_RELOAD_INTERVAL));
        }
        return new Tls(cert, key, reader.get(TLS_RELOAD_INTERVAL));
    }

    /**
     * Resolves both endpoints' credentials, reading the *_file keys when the value itself is not set: an endpoint's
     * own keys when any is set, else the shared ones. A missing, unreadable or too short credential is a
     * {@link ConfigException} naming the keys: the receiver must not start with it.
     */
    public EndpointCredentials credentials() {
        List<String> problems = new ArrayList<>();
        Credentials alerts = credentials(Endpoint.ALERTS, ALERTS_KEYS, alertsCredential, problems);
        Credentials triggers = credentials(Endpoint.TRIGGERS, TRIGGERS_KEYS, triggersCredential, problems);
        if (!problems.isEmpty()) {
            throw new ConfigException(problems.stream().distinct().toList());
        }
        return new EndpointCredentials(alerts, triggers);
    }

    private Credentials credentials(Endpoint endpoint, EndpointKeys keys, CredentialKeys own, List<String> problems) {
        if (auth == Auth.NONE) {
            return new Credentials(auth, null, null, null);
        }
        boolean shared = !own.isSet();
        int problemsBefore = problems.size();
        // only the chosen scheme's secret is read and checked: an unused one may stay as it is
        Secret resolvedToken = auth != Auth.BEARER
                ? null
                : shared
                        ? resolve(token, TOKEN, TOKEN_FILE, tokenFile, problems)
                        : resolve(own.token(), keys.token(), keys.tokenFile(), own.tokenFile(), problems);
        Secret resolvedPassword = auth != Auth.BASIC
                ? null
                : shared
                        ? resolve(password, PASSWORD, PASSWORD_FILE, passwordFile, problems)
                        : resolve(own.password(), keys.password(), keys.passwordFile(), own.passwordFile(), problems);
        String user = shared ? username : own.username();
        if (problems.size() > problemsBefore) {
            return new Credentials(auth, null, null, null); // the unreadable or short credential is reported
        }
        if (auth == Auth.BEARER && resolvedToken == null) {
            problems.add(
                    shared
                            ? "receiver.auth = \"bearer\" needs receiver.token or receiver.token_file (or "
                                    + "receiver.alerts_token and receiver.triggers_token, one per endpoint); to run without "
                                    + "authentication set receiver.auth = \"none\" explicitly"
                            : keys.token().name() + " or " + keys.tokenFile().name() + " is needed: other "
                                    + "receiver." + endpoint.keyPrefix + "_* keys are set, so " + endpoint.description
                                    + " does not use the shared receiver.token");
        }
        if (auth == Auth.BASIC && (user == null || resolvedPassword == null)) {
            problems.add(
                    shared
                            ? "receiver.auth = \"basic\" needs receiver.username and receiver.password "
                                    + "(or receiver.password_file)"
                            : keys.username().name() + " and " + keys.password().name() + " (or "
                                    + keys.passwordFile().name() + ") are needed together for " + endpoint.description);
        }
        return new Credentials(auth, resolvedToken, auth == Auth.BASIC ? user : null, resolvedPassword);
    }

    /** The value, else the file's content; either must be at least {@link #MIN_CREDENTIAL_LENGTH} long. */
    private static Secret resolve(
            Secret value, ConfigKey<Secret> valueKey, ConfigKey<String> fileKey, String file, List<String> problems) {
        if (value != null) {
            return longEnough(value, valueKey.name(), problems);
        }
        if (file == null) {
            return null;
        }
        try {
            String content = Files.readString(Path.of(file)).strip();
            if (content.isEmpty()) {
                problems.add(fileKey.name() + " = \"" + file + "\": the file is empty");
                return null;
            }
            return longEnough(new Secret(content), fileKey.name() + " = \"" + file + "\": the credential", problems);
        } catch (IOException e) {
            problems.add(fileKey.name() + " = \"" + file + "\": cannot read the file ("
                    + e.getClass().getSimpleName() + ": " + e.getMessage() + ")");
            return null;
        }
    }

    private static Secret longEnough(Secret secret, String what, List<String> problems) {
        int length = secret.reveal().length();
        if (length < MIN_CREDENTIAL_LENGTH) {
            problems.add(what + " is " + length + " characters long; at least " + MIN_CREDENTIAL_LENGTH
                    + " are required (e.g. openssl rand -hex 32)");
            return null;
        }
        return secret;
    }
}
