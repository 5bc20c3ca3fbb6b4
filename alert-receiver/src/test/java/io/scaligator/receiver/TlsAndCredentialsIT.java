package io.scaligator.receiver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.scaligator.common.config.ConfigException;
import io.scaligator.receiver.core.PodOwnerResolver;
import io.scaligator.testkit.KafkaBrokerExtension;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * HTTPS from PEM files with a real TLS client against the running receiver (certificates made by the JDK's
 * keytool), rotation without a restart, and a separate credential per endpoint.
 */
class TlsAndCredentialsIT {

    @RegisterExtension
    static KafkaBrokerExtension kafka = new KafkaBrokerExtension();

    private static final String ALERTS_TOKEN = "alertmanager-token-0123456789";

    @TempDir
    Path dir;

    @Test
    void servesHttpsFromPemFilesAndPicksUpARotatedCertificate() throws Exception {
        Pem first = selfSigned("first", "RSA");
        Pem second = selfSigned("second", "EC");
        Path cert = dir.resolve("tls.crt");
        Path key = dir.resolve("tls.key");
        install(first, cert, key);
        HttpClient client = trusting(first, second);

        try (ReceiverHarness receiver = ReceiverHarness.start(
                kafka.bootstrapServers(),
                PodOwnerResolver.disabled(),
                Map.of(
                        "SCALIGATOR_RECEIVER_TLS_CERT_FILE",
                        cert.toString(),
                        "SCALIGATOR_RECEIVER_TLS_KEY_FILE",
                        key.toString(),
                        "SCALIGATOR_RECEIVER_TLS_RELOAD_INTERVAL",
                        "1s"))) {
            String https = receiver.url("/alerts").replace("http://", "https://");

            HttpResponse<String> alert = client.send(
                    post(https, ReceiverHarness.TOKEN, Payloads.captured(Payloads.FIRING)),
                    HttpResponse.BodyHandlers.ofString());

            assertThat(alert.statusCode()).as(alert.body()).isEqualTo(200);
            assertThat(served(alert)).isEqualTo(first.certificate());
            assertThatThrownBy(() -> trusting(second)
                            .send(
                                    post(https, ReceiverHarness.TOKEN, new byte[0]),
                                    HttpResponse.BodyHandlers.ofString()))
                    .as("a client that does not trust the certificate")
                    .isInstanceOf(SSLHandshakeException.class);
            assertThatThrownBy(() -> receiver.post("/alerts", Payloads.captured(Payloads.FIRING)))
                    .as("plain HTTP on the HTTPS port gets no answer")
                    .isInstanceOf(RuntimeException.class);

            install(second, cert, key);

            await().atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(500))
                    .untilAsserted(() -> assertThat(served(trusting(first, second)
                                    .send(
                                            post(https, ReceiverHarness.TOKEN, Payloads.captured(Payloads.RESOLVED)),
                                            HttpResponse.BodyHandlers.ofString())))
                            .isEqualTo(second.certificate()));
        }
    }

    @Test
    void refusesToStartWithAKeyThatIsNotTheCertificates() throws Exception {
        Pem first = selfSigned("first", "RSA");
        Pem second = selfSigned("second", "RSA");
        Path cert = dir.resolve("tls.crt");
        Path key = dir.resolve("tls.key");
        Files.writeString(cert, first.certificatePem());
        Files.writeString(key, second.keyPem());

        assertThatThrownBy(() -> ReceiverHarness.start(
                        kafka.bootstrapServers(),
                        PodOwnerResolver.disabled(),
                        Map.of(
                                "SCALIGATOR_RECEIVER_TLS_CERT_FILE",
                                cert.toString(),
                                "SCALIGATOR_RECEIVER_TLS_KEY_FILE",
                                key.toString())))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("receiver.tls_key_file = \"" + key + "\" is not the key of the certificate in "
                        + "receiver.tls_cert_file");
    }

    @Test
    void eachEndpointChecksItsOwnCredentialAndTheOtherKeepsTheSharedOne() {
        try (ReceiverHarness receiver = ReceiverHarness.start(
                kafka.bootstrapServers(),
                PodOwnerResolver.disabled(),
                Map.of("SCALIGATOR_RECEIVER_ALERTS_TOKEN", ALERTS_TOKEN))) {
            byte[] alert = Payloads.captured(Payloads.FIRING);
            byte[] trigger = ("{\"target\":\"shop/web\",\"action\":\"hold\",\"ttl_seconds\":60,\"reason\":\"freeze\","
                            + "\"source\":\"ci\"}")
                    .getBytes(StandardCharsets.UTF_8);

            assertThat(receiver.send(post(receiver.url("/alerts"), ALERTS_TOKEN, alert))
                            .statusCode())
                    .isEqualTo(200);
            assertThat(receiver.send(post(receiver.url("/alerts"), ReceiverHarness.TOKEN, alert))
                            .statusCode())
                    .as("the shared token no longer opens /alerts")
                    .isEqualTo(401);
            assertThat(receiver.send(post(receiver.url("/v1/triggers"), ALERTS_TOKEN, trigger))
                            .statusCode())
                    .as("Alertmanager's token cannot send triggers")
                    .isEqualTo(401);
            assertThat(receiver.send(post(receiver.url("/v1/triggers"), ReceiverHarness.TOKEN, trigger))
                            .statusCode())
                    .isEqualTo(202);
        }
    }

    private record Pem(X509Certificate certificate, String certificatePem, String keyPem) {}

    /** A self-signed certificate for 127.0.0.1 and localhost from the JDK's keytool, exported as PEM. */
    private Pem selfSigned(String name, String algorithm) throws Exception {
        Path store = dir.resolve(name + ".p12");
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        Process process = new ProcessBuilder(
                        keytool.toString(),
                        "-genkeypair",
                        "-alias",
                        name,
                        "-keyalg",
                        algorithm,
                        "-dname",
                        "CN=" + name,
                        "-ext",
                        "SAN=ip:127.0.0.1,dns:localhost",
                        "-validity",
                        "2",
                        "-storetype",
                        "PKCS12",
                        "-keystore",
                        store.toString(),
                        "-storepass",
                        "changeit",
                        "-keypass",
                        "changeit")
                .redirectErrorStream(true)
                .start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS) && process.exitValue() == 0)
                .as(output)
                .isTrue();
        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (var in = Files.newInputStream(store)) {
            keys.load(in, "changeit".toCharArray());
        }
        X509Certificate certificate = (X509Certificate) keys.getCertificate(name);
        return new Pem(
                certificate,
                pem("CERTIFICATE", certificate.getEncoded()),
                pem("PRIVATE KEY", keys.getKey(name, "changeit".toCharArray()).getEncoded()));
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                        .encodeToString(der) + "\n-----END " + type + "-----\n";
    }

    /** Writes the pair the way the kubelet updates a mounted Secret: new files moved into place. */
    private void install(Pem pem, Path cert, Path key) throws IOException {
        Path newCert = dir.resolve("tls.crt.new");
        Path newKey = dir.resolve("tls.key.new");
        Files.writeString(newCert, pem.certificatePem());
        Files.writeString(newKey, pem.keyPem());
        Files.move(newKey, key, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        Files.move(newCert, cert, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** A new client (so a new TLS handshake) trusting exactly the given certificates. */
    private static HttpClient trusting(Pem... trusted) throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        for (Pem pem : trusted) {
            store.setCertificateEntry(
                    pem.certificate().getSubjectX500Principal().getName(), pem.certificate());
        }
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(store);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, trust.getTrustManagers(), null);
        return HttpClient.newBuilder()
                .sslContext(context)
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10))
                .build();
    }

    private static HttpRequest post(String url, String token, byte[] body) {
        return HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + token)
                .timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
    }

    private static Certificate served(HttpResponse<?> response) throws Exception {
        return response.sslSession().orElseThrow().getPeerCertificates()[0];
    }
}
