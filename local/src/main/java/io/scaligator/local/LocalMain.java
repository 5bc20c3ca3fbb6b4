package io.scaligator.local;

import io.scaligator.common.config.ConfigException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code java -jar local/target/scaligator-local.jar [--config FILE] [--simulated-cluster]}: an embedded Kafka broker
 * and the four services in one JVM. Only parses options and wires; {@link LocalStack} does the work.
 */
@Command(
        name = "scaligator-local",
        mixinStandardHelpOptions = true,
        version = "scaligator-local 0.1.0",
        description = "Runs Scaligator all-in-one: an embedded Kafka broker, the alert receiver, metrics poller, "
                + "decision engine and scale actuator, against the current kubeconfig cluster or a simulated one.")
public final class LocalMain implements Callable<Integer> {

    @Option(
            names = "--config",
            paramLabel = "FILE",
            description = "TOML config file (default: the SCALIGATOR_CONFIG variable, else built-in defaults)")
    private Path config;

    @Option(
            names = "--simulated-cluster",
            description = "Run against a simulated Kubernetes API seeded with sample Deployments in default and dev")
    private boolean simulatedCluster;

    @Option(
            names = "--data-dir",
            paramLabel = "DIR",
            defaultValue = "data",
            description =
                    "Where Kafka, the engine's state and the generated webhook token live (default: ${DEFAULT-VALUE})")
    private Path dataDir;

    @Option(
            names = "--kafka-port",
            paramLabel = "PORT",
            defaultValue = "9092",
            description = "Loopback port of the embedded Kafka broker (default: ${DEFAULT-VALUE})")
    private int kafkaPort;

    @Spec
    private CommandSpec spec;

    public static void main(String[] args) {
        System.exit(new CommandLine(new LocalMain()).execute(args));
    }

    @Override
    public Integer call() throws InterruptedException {
        LocalOptions options;
        try {
            options = new LocalOptions(config, simulatedCluster, dataDir, kafkaPort);
        } catch (IllegalArgumentException e) {
            // a bad value on the command line: one line and exit 2, as picocli reports every other bad option
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        LocalStack stack;
        try {
            stack = LocalStack.start(options, System.getenv(), System.out);
        } catch (ConfigException e) {
            System.err.println(e.getMessage());
            return 2;
        } catch (RuntimeException e) {
            // e.g. the data directory is in use by another runner, Kafka's port is taken, no kubeconfig
            System.err.println("cannot start: " + e.getMessage());
            return 1;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            System.out.println("stopping: flushing Kafka and closing the services ...");
                            stack.close();
                            System.out.println(
                                    "stopped; run the same command again to continue from " + dataDir.toAbsolutePath());
                            stopped.countDown();
                        },
                        "scaligator-local-shutdown"));
        stopped.await();
        return 0;
    }
}
