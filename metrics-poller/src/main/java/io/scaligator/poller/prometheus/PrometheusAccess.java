package io.scaligator.poller.prometheus;

import io.scaligator.common.config.ConfigException;
import io.scaligator.common.config.PollerSettings;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How the poller reaches Prometheus (or a Thanos, Mimir or Cortex query frontend): the Authorization header,
 * extra headers such as {@code X-Scope-OrgID}, the timeout and the bounds on an answer. Built once from the
 * config; a file it cannot use stops the start with a {@link ConfigException} naming the key.
 */
public record PrometheusAccess(
        Supplier<String> authorization,
        Map<String, String> headers,
        Duration timeout,
        int maxResponseBytes,
        int maxSeries) {

    private static final Logger LOG = LoggerFactory.getLogger(PrometheusAccess.class);

    public PrometheusAccess {
        headers = Map.copyOf(headers);
    }

    /** No credentials or extra headers, default bounds: a Prometheus that answers anyone. */
    public static PrometheusAccess open(Duration timeout) {
        return new PrometheusAccess(
                () -> null,
                Map.of(),
                timeout,
                PollerSettings.DEFAULT_MAX_RESPONSE_BYTES,
                PollerSettings.DEFAULT_MAX_SERIES);
    }

    /**
     * The access the {@code [poller]} settings describe, reading the password and CA files now (the token file
     * on use, as it may be rotated).
     */
    public static PrometheusAccess from(PollerSettings settings) {
        Map<String, String> headers = new LinkedHashMap<>();
        settings.prometheusHeaders().forEach(h -> headers.put(PollerSettings.name(h), PollerSettings.value(h)));
        return new PrometheusAccess(
                authorization(settings),
                headers,
                settings.prometheusTimeout(),
                settings.prometheusMaxResponseBytes(),
                settings.prometheusMaxSeries());
    }

    /** An HTTP client for these settings: the connect timeout, and the CA file's certificates as the only trust. */
    public static HttpClient client(PollerSettings settings) {
        HttpClient.Builder builder = HttpClient.newBuilder().connectTimeout(settings.prometheusTimeout());
        if (settings.prometheusCaFile() != null) {
            builder.sslContext(trusting(settings.prometheusCaFile()));
        }
        return builder.build();
    }

    /** Adds the credential and the extra headers to a request. */
    void decorate(HttpRequest.Builder request) {
        headers.forEach(request::header);
        String value = authorization.get();
        if (value != null) {
            request.header("Authorization", value);
        }
    }

    private static Supplier<String> authorization(PollerSettings settings) {
        if (settings.prometheusBearerToken() != null) {
            String header = "Bearer " + settings.prometheusBearerToken().reveal();
            return () -> header;
        }
        if (settings.prometheusBearerTokenFile() != null) {
            TokenFile file =
                    new TokenFile(Path.of(settings.prometheusBearerTokenFile()), "poller.prometheus_bearer_token_file");
            file.read(); // fails the start now if the file is unusable
            return () -> "Bearer " + file.read();
        }
        if (settings.prometheusUsername() != null) {
            String password = settings.prometheusPassword() != null
                    ? settings.prometheusPassword().reveal()
                    : new TokenFile(Path.of(settings.prometheusPasswordFile()), "poller.prometheus_password_file")
                            .read();
            String header = "Basic "
                    + Base64.getEncoder()
                            .encodeToString(
                                    (settings.prometheusUsername() + ":" + password).getBytes(StandardCharsets.UTF_8));
            return () -> header;
        }
        return () -> null;
    }

    private static SSLContext trusting(String caFile) {
        String key = "poller.prometheus_ca_file";
        try (InputStream in = Files.newInputStream(Path.of(caFile))) {
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            int i = 0;
            for (Certificate certificate :
                    CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                store.setCertificateEntry("ca-" + i++, certificate);
            }
            if (i == 0) {
                throw new ConfigException(List.of(key + " = \"" + caFile + "\": no PEM certificate in the file"));
            }
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(store);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trust.getTrustManagers(), null);
            return context;
        } catch (IOException | GeneralSecurityException e) {
            throw new ConfigException(List.of(key + " = \"" + caFile + "\": cannot use the file ("
                    + e.getClass().getSimpleName() + ": " + e.getMessage() + ")"));
        }
    }

    @Override
    public String toString() {
        return "PrometheusAccess[headers=" + headers.keySet() + ", timeout=" + timeout + ", maxResponseBytes="
                + maxResponseBytes + ", maxSeries=" + maxSeries + "]";
    }

    /**
     * A credential in a file, re-read when the file's modification time changes (a rotated, projected token);
     * if a re-read fails, the last good value is kept.
     */
    private static final class TokenFile {
        private final Path path;
        private final String key;
        private long readAt = Long.MIN_VALUE;
        private String value;

        TokenFile(Path path, String key) {
            this.path = path;
            this.key = key;
        }

        synchronized String read() {
            try {
                long modified = Files.getLastModifiedTime(path).toMillis();
                if (value == null || modified != readAt) {
                    String content = Files.readString(path).strip();
                    if (content.isEmpty()) {
                        throw new IOException("the file is empty");
                    }
                    value = content;
                    readAt = modified;
                }
            } catch (IOException e) {
                if (value == null) {
                    throw new ConfigException(List.of(key + " = \"" + path + "\": cannot read the file ("
                            + e.getClass().getSimpleName() + ": " + e.getMessage() + ")"));
                }
                LOG.warn(
                        "{} = \"{}\": cannot re-read the file ({}); keeping the token read before",
                        key,
                        path,
                        e.toString());
            }
            return value;
        }
    }
}
