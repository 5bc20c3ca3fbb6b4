package io.scaligator.receiver.tls;

import io.scaligator.common.config.ConfigException;
import io.scaligator.common.config.ReceiverSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The webhook port's TLS context from PEM files, reloaded when they change: a rotated certificate (cert-manager,
 * a re-created Secret: the kubelet swaps the mounted files atomically) takes effect for new connections without a
 * restart. A pair that cannot be loaded is logged and the previous certificate stays in use.
 */
public final class ReloadingTls implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ReloadingTls.class);

    private final Path certFile;
    private final Path keyFile;
    private final SslContextFactory.Server factory = new SslContextFactory.Server();
    private final ScheduledExecutorService watcher;
    private List<Object> loadedVersion;

    private ReloadingTls(ReceiverSettings.Tls settings) {
        this.certFile = Path.of(settings.certFile());
        this.keyFile = Path.of(settings.keyFile());
        this.loadedVersion = version();
        factory.setKeyStore(PemKeyStore.load(certFile, keyFile));
        factory.setKeyStorePassword(new String(PemKeyStore.PASSWORD));
        factory.setKeyManagerPassword(new String(PemKeyStore.PASSWORD));
        // Callers reach the receiver by Service name, IP or ingress host: which names the certificate covers is the
        // client's check, not the server's.
        factory.setSniRequired(false);
        this.watcher = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "tls-reload");
            t.setDaemon(true);
            return t;
        });
        long every = settings.reloadInterval().toMillis();
        watcher.scheduleWithFixedDelay(this::reloadIfChanged, every, every, TimeUnit.MILLISECONDS);
    }

    /** Loads the pair (a bad one is a ConfigException naming the key) and starts watching it. */
    public static ReloadingTls start(ReceiverSettings.Tls settings) {
        return new ReloadingTls(settings);
    }

    /** The factory for Jetty's SSL connection factory; its key store is swapped on reload. */
    public SslContextFactory.Server factory() {
        return factory;
    }

    private void reloadIfChanged() {
        List<Object> now = version();
        if (now.equals(loadedVersion)) {
            return;
        }
        try {
            KeyStore store = PemKeyStore.load(certFile, keyFile);
            factory.reload(f -> f.setKeyStore(store));
            loadedVersion = now;
            LOG.info("TLS certificate reloaded from {} and {}", certFile, keyFile);
        } catch (ConfigException e) {
            // e.g. the certificate was replaced and its key not yet: try again on the next check
            LOG.warn("TLS files changed but cannot be loaded, keeping the previous certificate: {}", e.getMessage());
        } catch (Exception e) {
            LOG.warn("TLS reload failed, keeping the previous certificate: {}", e.toString());
        }
    }

    /** What identifies the files' current content cheaply: modification times and sizes (of the link targets). */
    private List<Object> version() {
        try {
            return List.of(
                    Files.getLastModifiedTime(certFile),
                    Files.size(certFile),
                    Files.getLastModifiedTime(keyFile),
                    Files.size(keyFile),
                    certFile.toRealPath().toString(),
                    keyFile.toRealPath().toString());
        } catch (IOException e) {
            return List.of(e.getClass().getName());
        }
    }

    @Override
    public void close() {
        watcher.shutdownNow();
    }
}
