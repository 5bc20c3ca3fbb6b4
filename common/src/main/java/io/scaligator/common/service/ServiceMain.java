package io.scaligator.common.service;

import io.scaligator.common.config.ConfigException;
import io.scaligator.common.config.ConfigLoader;
import io.scaligator.common.config.ScaligatorConfig;
import io.scaligator.common.error.ScaligatorException;
import java.io.PrintWriter;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The one way a service process starts: {@code java -jar <service>.jar [--config FILE] [--help] [--version]}. Parses
 * the command line, loads and logs the config (warnings are logged once, by the loader), starts the service, stops it
 * on SIGTERM or when it asks to exit, and ends the process with one of the documented exit codes.
 */
public final class ServiceMain {

    /** Stopped normally (SIGTERM), or --help / --version. */
    public static final int OK = 0;
    /** The start failed (e.g. Kafka unreachable, a port taken), or the service stopped itself after a failure. */
    public static final int FAILED = 1;
    /** The command line or the configuration is invalid; the message names each bad key. */
    public static final int BAD_CONFIG = 2;

    private static final Logger LOG = LoggerFactory.getLogger(ServiceMain.class);

    private ServiceMain() {}

    /** Runs the service and ends the process with its exit code. */
    public static void run(String name, String[] args, ServiceFactory<?> factory) {
        System.exit(execute(name, args, System.getenv(), factory));
    }

    /**
     * Runs the service until it is stopped and returns the exit code: at once for --help, --version, a bad command
     * line or config ({@link #BAD_CONFIG}) and a failed start ({@link #FAILED}, everything opened closed again);
     * otherwise once SIGTERM stopped it ({@link #OK}) or it asked to exit (its status).
     */
    public static int execute(String name, String[] args, Map<String, String> env, ServiceFactory<?> factory) {
        Options options = new Options();
        CommandLine line = new CommandLine(options).setCommandName(name);
        line.getCommandSpec().version(name + " " + version());
        try {
            line.parseArgs(args);
        } catch (CommandLine.ParameterException e) {
            LOG.error("{}: {} (see --help)", name, e.getMessage());
            return BAD_CONFIG;
        }
        if (line.isUsageHelpRequested() || line.isVersionHelpRequested()) {
            PrintWriter out = line.getOut();
            if (line.isUsageHelpRequested()) {
                line.usage(out);
            } else {
                line.printVersionHelp(out);
            }
            out.flush();
            return OK;
        }
        ScaligatorConfig config;
        try {
            String[] fromLine =
                    options.config == null ? new String[0] : new String[] {"--config", options.config.toString()};
            ConfigLoader.Loaded loaded = ConfigLoader.load(ConfigLoader.configPath(fromLine, env), env);
            config = loaded.config();
            LOG.info(
                    "{} {}: configuration from {}: {}",
                    name,
                    version(),
                    loaded.file() == null ? "defaults and environment" : loaded.file(),
                    config);
        } catch (ConfigException e) {
            LOG.error("{}: {}", name, e.getMessage());
            return BAD_CONFIG;
        }
        return startAndAwait(name, config, factory);
    }

    private static int startAndAwait(String name, ScaligatorConfig config, ServiceFactory<?> factory) {
        CountDownLatch exitRequested = new CountDownLatch(1);
        AtomicInteger status = new AtomicInteger(OK);
        ServiceContext context = ServiceContext.of(name, config, code -> {
            status.compareAndSet(OK, code);
            exitRequested.countDown();
        });
        AutoCloseable service;
        try {
            service = factory.start(context);
        } catch (ConfigException e) {
            context.resources().close();
            LOG.error("{}: {}", name, e.getMessage());
            return BAD_CONFIG;
        } catch (RuntimeException e) {
            context.resources().close();
            boolean retriable = e instanceof ScaligatorException failure && failure.retriable();
            LOG.error("{} cannot start: {}{}", name, e.getMessage(), retriable ? " (a later start may succeed)" : "");
            LOG.debug("{}: the failed start", name, e);
            return FAILED;
        }
        Runnable stop = () -> stop(name, service, context);
        Thread hook = new Thread(stop, name + "-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            exitRequested.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            status.compareAndSet(OK, FAILED);
        }
        // Asked to exit by the service itself: stop it here, not in the hook, so the exit code is ours to return.
        Runtime.getRuntime().removeShutdownHook(hook);
        stop.run();
        return status.get();
    }

    private static void stop(String name, AutoCloseable service, ServiceContext context) {
        try {
            service.close();
        } catch (Exception e) {
            LOG.warn("{}: stopping failed: {}", name, e.toString());
        } finally {
            context.resources().close();
        }
    }

    private static String version() {
        String version = ServiceMain.class.getPackage().getImplementationVersion();
        return version != null ? version : "(development build)";
    }

    @Command(
            mixinStandardHelpOptions = true,
            description = "Runs one Scaligator service until SIGTERM. Exit codes: "
                    + "0 stopped normally, 1 start failed or the service stopped after a failure, 2 invalid command line or "
                    + "configuration.")
    static final class Options {

        @Option(
                names = "--config",
                paramLabel = "FILE",
                description = "TOML config file (default: the SCALIGATOR_CONFIG variable, else built-in defaults; "
                        + "SCALIGATOR_<KEY> variables override it)")
        String config;
    }
}
