package io.scaligator.receiver.tls;

import io.scaligator.common.config.ConfigException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Builds an in-memory key store from PEM files as Kubernetes TLS Secrets and cert-manager hold them: a certificate
 * chain and its private key, PKCS#8 ({@code BEGIN PRIVATE KEY}: RSA, EC, Ed25519) or PKCS#1 RSA
 * ({@code BEGIN RSA PRIVATE KEY}). The key must belong to the first certificate; problems name the config key.
 */
public final class PemKeyStore {

    /** The in-memory store's password: it never leaves the process, but JSSE needs one. */
    static final char[] PASSWORD = "scaligator".toCharArray();

    private static final Pattern BLOCK =
            Pattern.compile("-----BEGIN ([A-Z0-9 ]+)-----([A-Za-z0-9+/=\\s]+)-----END \\1-----");
    /** DER of AlgorithmIdentifier {rsaEncryption, NULL}: wraps a PKCS#1 RSA key into PKCS#8. */
    private static final byte[] RSA_ALGORITHM = {
        0x30, 0x0d, 0x06, 0x09, 0x2a, (byte) 0x86, 0x48, (byte) 0x86, (byte) 0xf7, 0x0d, 0x01, 0x01, 0x01, 0x05, 0x00
    };

    private PemKeyStore() {}

    /** Loads the pair; a {@link ConfigException} names the key whose file is wrong and says why. */
    public static KeyStore load(Path certFile, Path keyFile) {
        List<? extends Certificate> chain = certificates(certFile);
        PrivateKey key = privateKey(keyFile);
        requireMatch(key, (X509Certificate) chain.get(0), keyFile, certFile);
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry("receiver", key, PASSWORD, chain.toArray(new Certificate[0]));
            return store;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot build an in-memory key store: " + e.getMessage(), e);
        }
    }

    private static List<? extends Certificate> certificates(Path file) {
        byte[] pem = read(file, "receiver.tls_cert_file");
        try {
            List<? extends Certificate> chain = List.copyOf(
                    CertificateFactory.getInstance("X.509").generateCertificates(new ByteArrayInputStream(pem)));
            if (chain.isEmpty()) {
                throw problem("receiver.tls_cert_file", file, "holds no certificate");
            }
            return chain;
        } catch (GeneralSecurityException e) {
            throw problem("receiver.tls_cert_file", file, "is not a PEM certificate chain (" + e.getMessage() + ")");
        }
    }

    private static PrivateKey privateKey(Path file) {
        String pem = new String(read(file, "receiver.tls_key_file"), StandardCharsets.US_ASCII);
        Matcher block = BLOCK.matcher(pem);
        while (block.find()) {
            String type = block.group(1);
            byte[] der = Base64.getMimeDecoder().decode(block.group(2));
            switch (type) {
                case "PRIVATE KEY" -> {
                    return pkcs8(der, file);
                }
                case "RSA PRIVATE KEY" -> {
                    return pkcs8(wrapPkcs1(der), file);
                }
                case "ENCRYPTED PRIVATE KEY" ->
                    throw problem(
                            "receiver.tls_key_file",
                            file,
                            "holds an encrypted key; give the receiver the unencrypted key (a Kubernetes TLS Secret does)");
                case "EC PRIVATE KEY" ->
                    throw problem(
                            "receiver.tls_key_file",
                            file,
                            "holds a SEC1 EC key; convert it with openssl pkcs8 -topk8 -nocrypt, or set "
                                    + "privateKey.encoding: PKCS8 in the cert-manager Certificate");
                default -> {
                    // other blocks (EC PARAMETERS, a certificate in the same file) are skipped
                }
            }
        }
        throw problem(
                "receiver.tls_key_file",
                file,
                "holds no PEM private key (BEGIN PRIVATE KEY or BEGIN RSA " + "PRIVATE KEY)");
    }

    private static PrivateKey pkcs8(byte[] der, Path file) {
        for (String algorithm : List.of("RSA", "EC", "Ed25519", "Ed448")) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
            } catch (GeneralSecurityException e) {
                // not this algorithm: try the next
            }
        }
        throw problem(
                "receiver.tls_key_file",
                file,
                "holds a private key of an unsupported algorithm (RSA, EC and " + "Ed25519 are supported)");
    }

    /** PKCS#8 = SEQUENCE { INTEGER 0, AlgorithmIdentifier, OCTET STRING pkcs1 }. */
    private static byte[] wrapPkcs1(byte[] pkcs1) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(new byte[] {0x02, 0x01, 0x00});
        body.writeBytes(RSA_ALGORITHM);
        body.write(0x04);
        body.writeBytes(length(pkcs1.length));
        body.writeBytes(pkcs1);
        ByteArrayOutputStream sequence = new ByteArrayOutputStream();
        sequence.write(0x30);
        sequence.writeBytes(length(body.size()));
        sequence.writeBytes(body.toByteArray());
        return sequence.toByteArray();
    }

    private static byte[] length(int length) {
        if (length < 0x80) {
            return new byte[] {(byte) length};
        }
        if (length < 0x100) {
            return new byte[] {(byte) 0x81, (byte) length};
        }
        if (length < 0x10000) {
            return new byte[] {(byte) 0x82, (byte) (length >> 8), (byte) length};
        }
        return new byte[] {(byte) 0x83, (byte) (length >> 16), (byte) (length >> 8), (byte) length};
    }

    /** A key that does not belong to the certificate would fail every handshake; better to refuse it here. */
    private static void requireMatch(PrivateKey key, X509Certificate cert, Path keyFile, Path certFile) {
        String algorithm =
                switch (key.getAlgorithm()) {
                    case "RSA" -> "SHA256withRSA";
                    case "EC" -> "SHA256withECDSA";
                    default -> key.getAlgorithm();
                };
        byte[] probe = "scaligator key check".getBytes(StandardCharsets.US_ASCII);
        try {
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(key);
            signer.update(probe);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(cert.getPublicKey());
            verifier.update(probe);
            if (verifier.verify(signature)) {
                return;
            }
        } catch (GeneralSecurityException e) {
            // a key of another algorithm than the certificate's: does not match either
        }
        throw new ConfigException("receiver.tls_key_file = \"" + keyFile + "\" is not the key of the certificate in "
                + "receiver.tls_cert_file = \"" + certFile + "\"");
    }

    private static byte[] read(Path file, String key) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw problem(key, file, "cannot be read (" + e.getClass().getSimpleName() + ": " + e.getMessage() + ")");
        }
    }

    private static ConfigException problem(String key, Path file, String what) {
        return new ConfigException(key + " = \"" + file + "\" " + what);
    }
}
