package io.scaligator.embedded.kafka;

import io.scaligator.embedded.Loopback;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A SASL_SSL client listener with ACLs for the embedded broker: a self-signed certificate for 127.0.0.1 made with
 * the JDK's keytool, SCRAM-SHA-512 for clients, and Kafka's StandardAuthorizer with one super user that the broker
 * itself uses (SASL PLAIN, inline credentials) on its controller and inter-broker connections, since SCRAM
 * credentials live in the metadata log and do not exist before the broker has started. Every other principal
 * needs SCRAM credentials and ACLs, both created through the Admin API as the super user.
 */
public final class SaslSslListener {
    /** The listener clients connect to; also the inter-broker listener (transaction markers go through it). */
    static final String LISTENER = "SASL_SSL";
    /** The mechanism clients use. */
    public static final String CLIENT_MECHANISM = "SCRAM-SHA-512";

    private static final String STORE_TYPE = "PKCS12";
    private static final String PLAIN_MODULE = "org.apache.kafka.common.security.plain.PlainLoginModule";
    private static final String SCRAM_MODULE = "org.apache.kafka.common.security.scram.ScramLoginModule";

    private final Path keystore;
    private final Path certificate;
    private final Path truststore;
    private final String storePassword;
    private final String superUser;
    private final String superPassword;

    private SaslSslListener(
            Path keystore,
            Path certificate,
            Path truststore,
            String storePassword,
            String superUser,
            String superPassword) {
        this.keystore = keystore;
        this.certificate = certificate;
        this.truststore = truststore;
        this.storePassword = storePassword;
        this.superUser = superUser;
        this.superPassword = superPassword;
    }

    /** Generates a key pair and certificate for 127.0.0.1 and a truststore holding it, in {@code dir}. */
    public static SaslSslListener generate(Path dir, String superUser) {
        String storePassword = randomSecret();
        Path keystore = dir.toAbsolutePath().resolve("broker.p12");
        Path certificate = dir.toAbsolutePath().resolve("broker.crt");
        Path truststore = dir.toAbsolutePath().resolve("truststore.p12");
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + dir, e);
        }
        keytool(
                "-genkeypair",
                "-alias",
                "broker",
                "-keyalg",
                "RSA",
                "-keysize",
                "2048",
                "-validity",
                "30",
                "-dname",
                "CN=" + Loopback.HOST,
                "-ext",
                "SAN=ip:" + Loopback.HOST + ",dns:localhost",
                "-storetype",
                STORE_TYPE,
                "-keystore",
                keystore.toString(),
                "-storepass",
                storePassword,
                "-keypass",
                storePassword);
        keytool(
                "-exportcert",
                "-rfc",
                "-alias",
                "broker",
                "-file",
                certificate.toString(),
                "-keystore",
                keystore.toString(),
                "-storetype",
                STORE_TYPE,
                "-storepass",
                storePassword);
        keytool(
                "-importcert",
                "-noprompt",
                "-alias",
                "broker",
                "-file",
                certificate.toString(),
                "-keystore",
                truststore.toString(),
                "-storetype",
                STORE_TYPE,
                "-storepass",
                storePassword);
        return new SaslSslListener(keystore, certificate, truststore, storePassword, superUser, randomSecret());
    }

    /** The principal every ACL check lets through; the broker authenticates as it. */
    public String superUser() {
        return superUser;
    }

    /** The truststore (PKCS12) clients need to trust the broker's certificate. */
    public Path truststore() {
        return truststore;
    }

    /** The broker's self-signed certificate as PEM, for clients with {@code ssl.truststore.type=PEM}. */
    public Path certificatePem() {
        return certificate;
    }

    /** The truststore's password. */
    public String truststorePassword() {
        return storePassword;
    }

    /** Client properties that authenticate as the super user, for setting up users, topics and ACLs. */
    public Map<String, String> superUserClient() {
        Map<String, String> props = tlsClient();
        props.put("sasl.mechanism", "PLAIN");
        props.put("sasl.jaas.config", jaas(PLAIN_MODULE, superUser, superPassword, false));
        return props;
    }

    /** Client properties that authenticate as {@code user} with SCRAM-SHA-512. */
    public Map<String, String> scramClient(String user, String password) {
        Map<String, String> props = tlsClient();
        props.put("sasl.mechanism", CLIENT_MECHANISM);
        props.put("sasl.jaas.config", jaas(SCRAM_MODULE, user, password, false));
        return props;
    }

    /** Client properties for TLS with the generated truststore, without SASL settings. */
    public Map<String, String> tlsClient() {
        Map<String, String> props = new LinkedHashMap<>();
        props.put("security.protocol", LISTENER);
        props.put("ssl.truststore.location", truststore.toString());
        props.put("ssl.truststore.password", storePassword);
        props.put("ssl.truststore.type", STORE_TYPE);
        return props;
    }

    /** The broker properties of the listeners, their SASL and TLS settings and the authorizer. */
    Map<String, String> brokerProperties(int brokerPort, int controllerPort, String controllerListener) {
        String plainServer = jaas(PLAIN_MODULE, superUser, superPassword, true);
        String controllerPrefix = "listener.name." + controllerListener.toLowerCase() + ".";
        String clientPrefix = "listener.name." + LISTENER.toLowerCase() + ".";
        Map<String, String> props = new LinkedHashMap<>();
        props.put(
                "listeners",
                LISTENER + "://" + Loopback.HOST + ":" + brokerPort + "," + controllerListener + "://" + Loopback.HOST
                        + ":" + controllerPort);
        props.put("advertised.listeners", LISTENER + "://" + Loopback.HOST + ":" + brokerPort);
        props.put("listener.security.protocol.map", LISTENER + ":SASL_SSL," + controllerListener + ":SASL_PLAINTEXT");
        props.put("inter.broker.listener.name", LISTENER);
        props.put("sasl.mechanism.inter.broker.protocol", "PLAIN");
        props.put("sasl.mechanism.controller.protocol", "PLAIN");
        props.put(clientPrefix + "sasl.enabled.mechanisms", CLIENT_MECHANISM + ",PLAIN");
        props.put(clientPrefix + "plain.sasl.jaas.config", plainServer);
        props.put(clientPrefix + CLIENT_MECHANISM.toLowerCase() + ".sasl.jaas.config", SCRAM_MODULE + " required;");
        props.put(controllerPrefix + "sasl.enabled.mechanisms", "PLAIN");
        props.put(controllerPrefix + "plain.sasl.jaas.config", plainServer);
        props.put("ssl.keystore.location", keystore.toString());
        props.put("ssl.keystore.password", storePassword);
        props.put("ssl.key.password", storePassword);
        props.put("ssl.keystore.type", STORE_TYPE);
        props.put("ssl.truststore.location", truststore.toString());
        props.put("ssl.truststore.password", storePassword);
        props.put("ssl.truststore.type", STORE_TYPE);
        props.put("authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer");
        props.put("super.users", "User:" + superUser);
        props.put("allow.everyone.if.no.acl.found", "false");
        return props;
    }

    /** A JAAS line; the broker side also lists the one user PLAIN accepts, as {@code user_NAME="password"}. */
    private static String jaas(String module, String user, String password, boolean server) {
        return module + " required username=\"" + user + "\" password=\"" + password + "\""
                + (server ? " user_" + user + "=\"" + password + "\"" : "") + ";";
    }

    private static String randomSecret() {
        byte[] bytes = new byte[16];
        new SecureRandom().nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    private static void keytool(String... args) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(args));
        try {
            Process process =
                    new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException("keytool " + args[0] + " failed: " + output.strip());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run keytool", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running keytool", e);
        }
    }
}
