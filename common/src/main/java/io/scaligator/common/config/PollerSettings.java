package io.scaligator.common.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The {@code [poller]} table: the metrics poller's Prometheus access (timeout, credentials, CA, extra headers, bounds
 * on what it accepts), ops port and the Lease that elects the one poller that observes. Files (token, password, CA)
 * are read by the poller when it starts, so the other services, which read the same config, need not have them
 * mounted.
 */
public record PollerSettings(
        int opsPort,
        Duration prometheusTimeout,
        String opsBindAddress,
        Secret prometheusBearerToken,
        String prometheusBearerTokenFile,
        String prometheusUsername,
        Secret prometheusPassword,
        String prometheusPasswordFile,
        String prometheusCaFile,
        List<String> prometheusHeaders,
        int prometheusMaxResponseBytes,
        int prometheusMaxSeries,
        LeaseSettings lease) {

    /** Defaults of the bounds on a query answer. */
    public static final int DEFAULT_MAX_RESPONSE_BYTES = 16 << 20;

    public static final int DEFAULT_MAX_SERIES = 100_000;

    /** RFC 9110 field name, a colon, a value without line breaks. */
    private static final Pattern HEADER = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+:[^\\r\\n]*");
    /** Headers the client sets itself, or the credential keys set. */
    private static final Set<String> RESERVED_HEADERS = Set.of(
            "authorization",
            "host",
            "content-type",
            "content-length",
            "connection",
            "expect",
            "upgrade",
            "accept",
            "transfer-encoding");

    static final ConfigKey<Integer> OPS_PORT =
            ConfigKey.integer("poller.ops_port", 8082, 0, 65535, "Port of /healthz, /readyz, /metrics");
    static final ConfigKey<Duration> PROMETHEUS_TIMEOUT = ConfigKey.duration(
            "poller.prometheus_timeout",
            Duration.ofSeconds(10),
            Duration.ofMillis(100),
            Duration.ofMinutes(5),
            "Timeout of one PromQL query; a timed-out rule is reported missing for every target");

    static final ConfigKey<String> OPS_BIND_ADDRESS = ConfigKey.bindAddress(
            "poller.ops_bind_address", "Address the ops endpoints listen on (127.0.0.1: local only)");

    static final ConfigKey<Secret> PROMETHEUS_BEARER_TOKEN = ConfigKey.of(
            "poller.prometheus_bearer_token",
            ValueType.SECRET,
            null,
            "Bearer token sent to Prometheus (Authorization: Bearer)");
    static final ConfigKey<String> PROMETHEUS_BEARER_TOKEN_FILE = ConfigKey.of(
            "poller.prometheus_bearer_token_file",
            ValueType.STRING,
            null,
            "File holding that bearer token; re-read when it changes (rotated tokens)");
    static final ConfigKey<String> PROMETHEUS_USERNAME =
            ConfigKey.of("poller.prometheus_username", ValueType.STRING, null, "Basic auth user name for Prometheus");
    static final ConfigKey<Secret> PROMETHEUS_PASSWORD =
            ConfigKey.of("poller.prometheus_password", ValueType.SECRET, null, "Basic auth password for Prometheus");
    static final ConfigKey<String> PROMETHEUS_PASSWORD_FILE = ConfigKey.of(
            "poller.prometheus_password_file", ValueType.STRING, null, "File holding that password; read at start");
    static final ConfigKey<String> PROMETHEUS_CA_FILE = ConfigKey.of(
            "poller.prometheus_ca_file",
            ValueType.STRING,
            null,
            "PEM file of the CA certificates an https prometheus_url is verified against (replaces the JVM's)");
    static final ConfigKey<List<String>> PROMETHEUS_HEADERS = ConfigKey.of(
                    "poller.prometheus_headers",
                    ValueType.STRING_LIST,
                    List.of(),
                    "Extra request headers as \"Name: value\" (e.g. \"X-Scope-OrgID: team-a\"); not for credentials")
            .check(v -> v.stream().allMatch(h -> HEADER.matcher(h).matches()), "\"Name: value\" entries")
            .check(
                    v -> v.stream().noneMatch(h -> RESERVED_HEADERS.contains(name(h))),
                    "headers other than " + RESERVED_HEADERS.stream().sorted().toList()
                            + " (credentials have their own keys)");
    static final ConfigKey<Integer> PROMETHEUS_MAX_RESPONSE_BYTES = ConfigKey.integer(
            "poller.prometheus_max_response_bytes",
            DEFAULT_MAX_RESPONSE_BYTES,
            1024,
            1 << 30,
            "Largest query answer read; a larger one makes the rule missing (too_large) for every target");
    static final ConfigKey<Integer> PROMETHEUS_MAX_SERIES = ConfigKey.integer(
            "poller.prometheus_max_series",
            DEFAULT_MAX_SERIES,
            1,
            10_000_000,
            "Most series one query may return; more make the rule missing (too_large) for every target");

    static final LeaseSettings.Keys LEASE = LeaseSettings.Keys.of("poller", "scaligator-metrics-poller");

    static List<ConfigKey<?>> keys() {
        List<ConfigKey<?>> keys = new ArrayList<>(List.of(
                OPS_PORT,
                PROMETHEUS_TIMEOUT,
                OPS_BIND_ADDRESS,
                PROMETHEUS_BEARER_TOKEN,
                PROMETHEUS_BEARER_TOKEN_FILE,
                PROMETHEUS_USERNAME,
                PROMETHEUS_PASSWORD,
                PROMETHEUS_PASSWORD_FILE,
                PROMETHEUS_CA_FILE,
                PROMETHEUS_HEADERS,
                PROMETHEUS_MAX_RESPONSE_BYTES,
                PROMETHEUS_MAX_SERIES));
        keys.addAll(LEASE.all());
        return keys;
    }

    static PollerSettings read(ConfigReader reader, String ownNamespace, String hostName) {
        PollerSettings settings = new PollerSettings(
                reader.get(OPS_PORT),
                reader.get(PROMETHEUS_TIMEOUT),
                reader.get(OPS_BIND_ADDRESS),
                reader.get(PROMETHEUS_BEARER_TOKEN),
                reader.get(PROMETHEUS_BEARER_TOKEN_FILE),
                reader.get(PROMETHEUS_USERNAME),
                reader.get(PROMETHEUS_PASSWORD),
                reader.get(PROMETHEUS_PASSWORD_FILE),
                reader.get(PROMETHEUS_CA_FILE),
                reader.get(PROMETHEUS_HEADERS),
                reader.get(PROMETHEUS_MAX_RESPONSE_BYTES),
                reader.get(PROMETHEUS_MAX_SERIES),
                LEASE.read(reader, ownNamespace, hostName));
        settings.credentialProblems().forEach(reader::problem);
        return settings;
    }

    /** The rules spanning the credential keys: one scheme, each complete, a value or a file, never both. */
    private List<String> credentialProblems() {
        boolean bearer = prometheusBearerToken != null || prometheusBearerTokenFile != null;
        boolean password = prometheusPassword != null || prometheusPasswordFile != null;
        boolean basic = prometheusUsername != null || password;
        if (prometheusBearerToken != null && prometheusBearerTokenFile != null) {
            return List.of(PROMETHEUS_BEARER_TOKEN.name() + " and " + PROMETHEUS_BEARER_TOKEN_FILE.name()
                    + ": set one, not both");
        }
        if (prometheusPassword != null && prometheusPasswordFile != null) {
            return List.of(
                    PROMETHEUS_PASSWORD.name() + " and " + PROMETHEUS_PASSWORD_FILE.name() + ": set one, not both");
        }
        if (bearer && basic) {
            return List.of("Prometheus credentials: choose bearer (" + PROMETHEUS_BEARER_TOKEN.name() + "/_file) or "
                    + "basic auth (" + PROMETHEUS_USERNAME.name() + " + " + PROMETHEUS_PASSWORD.name() + "/_file)");
        }
        if (basic && (prometheusUsername == null || !password)) {
            return List.of(PROMETHEUS_USERNAME.name() + " and " + PROMETHEUS_PASSWORD.name() + " (or "
                    + PROMETHEUS_PASSWORD_FILE.name() + ") go together");
        }
        return List.of();
    }

    /** The lower-case name of a "Name: value" header entry. */
    public static String name(String header) {
        int colon = header.indexOf(':');
        return (colon < 0 ? header : header.substring(0, colon)).strip().toLowerCase(Locale.ROOT);
    }

    /** The value of a "Name: value" header entry, without surrounding blanks. */
    public static String value(String header) {
        int colon = header.indexOf(':');
        return colon < 0 ? "" : header.substring(colon + 1).strip();
    }
}
