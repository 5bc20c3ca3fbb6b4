package io.scaligator.common.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.scaligator.common.config.ConfigException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The exit codes every service shares, and what a start or stop closes. */
class ServiceMainTest {

    private static final ServiceFactory<AutoCloseable> MUST_NOT_START = context -> {
        throw new AssertionError("the service must not be started");
    };

    @TempDir
    Path dir;

    @Test
    void helpAndVersionAnswerWithoutStarting() {
        assertThat(ServiceMain.execute("svc", new String[] {"--help"}, Map.of(), MUST_NOT_START))
                .isEqualTo(ServiceMain.OK);
        assertThat(ServiceMain.execute("svc", new String[] {"--version"}, Map.of(), MUST_NOT_START))
                .isEqualTo(ServiceMain.OK);
    }

    @Test
    void anUnknownOptionIsABadCommandLine() {
        assertThat(ServiceMain.execute("svc", new String[] {"--confg", "x.toml"}, Map.of(), MUST_NOT_START))
                .isEqualTo(ServiceMain.BAD_CONFIG);
    }

    @Test
    void aMissingConfigFileOrABadKeyIsBadConfig() throws IOException {
        assertThat(ServiceMain.execute(
                        "svc",
                        new String[] {"--config", dir.resolve("absent.toml").toString()},
                        Map.of(),
                        MUST_NOT_START))
                .isEqualTo(ServiceMain.BAD_CONFIG);
        Path bad = Files.writeString(dir.resolve("bad.toml"), "reconcile_interval = \"soon\"\n");
        assertThat(ServiceMain.execute("svc", new String[] {"--config", bad.toString()}, Map.of(), MUST_NOT_START))
                .isEqualTo(ServiceMain.BAD_CONFIG);
        assertThat(ServiceMain.execute(
                        "svc", new String[0], Map.of("SCALIGATOR_CONFIG", bad.toString()), MUST_NOT_START))
                .isEqualTo(ServiceMain.BAD_CONFIG);
    }

    @Test
    void aConfigProblemFoundWhileStartingIsBadConfigAndClosesWhatWasOpened() {
        List<String> closed = new ArrayList<>();
        int status = ServiceMain.execute("svc", new String[0], Map.of(), context -> {
            context.resources().track(() -> closed.add("client"));
            throw new ConfigException("receiver.token is required");
        });

        assertThat(status).isEqualTo(ServiceMain.BAD_CONFIG);
        assertThat(closed).containsExactly("client");
    }

    @Test
    void aFailedStartExitsOneAndClosesWhatItOpenedInReverse() {
        List<String> closed = new ArrayList<>();
        int status = ServiceMain.execute("svc", new String[0], Map.of(), context -> {
            context.resources().track(() -> closed.add("kafka"));
            context.resources().track(() -> closed.add("informers"));
            throw new IllegalStateException("port 8081 is taken");
        });

        assertThat(status).isEqualTo(ServiceMain.FAILED);
        assertThat(closed).containsExactly("informers", "kafka");
    }

    @Test
    void aServiceThatAsksToExitIsStoppedAndItsStatusReturned() throws Exception {
        List<String> closed = new ArrayList<>();
        CompletableFuture<Exit> exit = new CompletableFuture<>();
        CompletableFuture<Integer> status =
                CompletableFuture.supplyAsync(() -> ServiceMain.execute("svc", new String[0], Map.of(), context -> {
                    context.resources().track(() -> closed.add("producer"));
                    exit.complete(context.exit());
                    return () -> closed.add("service");
                }));

        exit.get().exit(1);

        assertThat(status.get()).isEqualTo(ServiceMain.FAILED);
        assertThat(closed).containsExactly("service", "producer");
    }
}
