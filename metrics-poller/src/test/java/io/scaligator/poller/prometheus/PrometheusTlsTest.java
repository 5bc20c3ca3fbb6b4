package io.scaligator.poller.prometheus;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.scaligator.common.config.ConfigLoader;
import io.scaligator.common.config.PollerSettings;
import io.scaligator.poller.StubPrometheus;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An https Prometheus whose certificate no public CA signed: trusted through poller.prometheus_ca_file, refused
 * without it. The certificate is made by the JDK's keytool for each run.
 */
class PrometheusTlsTest {

    private static final char[] PASSWORD = "changeit".toCharArray();

    @TempDir
    static Path dir;

    private static HttpsServer server;
    private static Path caFile;

    @BeforeAll
    static void start() throws Exception {
        Path keystore = dir.resolve("server.p12");
        caFile = dir.resolve("ca.pem");
        keytool(
                "-genkeypair",
                "-alias",
                "prometheus",
                "-keyalg",
                "EC",
                "-groupname",
                "secp256r1",
                "-dname",
                "CN=localhost",
                "-ext",
                "SAN=ip:127.0.0.1,dns:localhost",
                "-validity",
                "2",
                "-storetype",
                "PKCS12",
                "-keystore",
                keystore.toString(),
                "-storepass",
                "changeit");
        keytool(
                "-exportcert",
                "-rfc",
                "-alias",
                "prometheus",
                "-keystore",
                keystore.toString(),
                "-storepass",
                "changeit",
                "-file",
                caFile.toString());
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keystore)) {
            store.load(in, PASSWORD);
        }
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(store, PASSWORD);
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(keys.getKeyManagers(), null, null);
        server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(tls));
        server.createContext("/api/v1/query", exchange -> {
            try (exchange) {
                exchange.getRequestBody().readAllBytes();
                byte[] body = StubPrometheus.vector("").getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(200, body.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            }
        });
        server.start();
    }

    @AfterAll
    static void stop() {
        server.stop(0);
    }

    private static void keytool(String... args) throws Exception {
        List<String> command = new java.util.ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
    }

    private static QueryResult query(Map<String, String> env) {
        Map<String, String> all = new HashMap<>(env);
        all.put("SCALIGATOR_RECEIVER_AUTH", "none");
        PollerSettings settings = ConfigLoader.load((Path) null, all).config().poller();
        return HttpPrometheusClient.of(
                        "https://127.0.0.1:" + server.getAddress().getPort(), settings)
                .query("up", Instant.parse("2026-01-05T10:15:30Z"))
                .join();
    }

    @Test
    void aServerSignedByTheConfiguredCaIsTrusted() {
        assertThat(query(Map.of("SCALIGATOR_POLLER_PROMETHEUS_CA_FILE", caFile.toString())))
                .isEqualTo(new QueryResult.Vector(List.of(), List.of()));
    }

    @Test
    void withoutTheCaFileTheSameServerIsRefused() {
        assertThat(query(Map.of())).isInstanceOfSatisfying(QueryResult.Failure.class, f -> {
            assertThat(f.kind()).isEqualTo(QueryResult.Failure.Kind.UNREACHABLE);
            assertThat(f.reason()).contains("SSLHandshakeException");
        });
    }
}
