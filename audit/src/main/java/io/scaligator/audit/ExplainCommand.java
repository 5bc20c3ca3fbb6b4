package io.scaligator.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.scaligator.audit.report.DescribeReport;
import io.scaligator.common.config.ConfigException;
import io.scaligator.common.config.ConfigLoader;
import io.scaligator.common.serde.EventJson;
import io.scaligator.common.target.TargetRef;
import io.scaligator.engine.explain.TargetPage;
import io.scaligator.engine.explain.TargetView;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code audit explain}: what the running engine knows about a target now, or the targets of a namespace. */
@Command(
        name = "explain",
        mixinStandardHelpOptions = true,
        description = "Ask the running decision engine what it knows about a target now (replicas, each source's "
                + "recommendation, floors, triggers, schedule, pending command, last decision), or list targets.")
final class ExplainCommand implements Callable<Integer> {

    static final String ENGINE_ENV = "SCALIGATOR_ENGINE_URL";
    static final String TOKEN_ENV = "SCALIGATOR_ENGINE_API_TOKEN";

    enum Output {
        text,
        json
    }

    private final AuditContext ctx;

    @Parameters(
            index = "0",
            arity = "0..1",
            paramLabel = "ns/Kind/name",
            description = "the workload; without it, list targets")
    String target;

    @Option(
            names = "--engine",
            paramLabel = "URL",
            description = "the engine's ops endpoint (default: $" + ENGINE_ENV + ", else http://localhost:8083)")
    String engine;

    @Option(
            names = "--token-file",
            paramLabel = "FILE",
            description = "file holding engine.api_token (default: $" + TOKEN_ENV + ")")
    Path tokenFile;

    @Option(
            names = "--config",
            paramLabel = "FILE",
            description = "Scaligator config: makes its [[scalable_kinds]] known, to explain a custom kind")
    Path config;

    @Option(names = "--namespace", paramLabel = "NS", description = "list only this namespace's targets")
    String namespace;

    @Option(names = "--limit", paramLabel = "N", description = "list at most N targets (1-500, default 100)")
    Integer limit;

    @Option(names = "--after", paramLabel = "ns/Kind/name", description = "list the targets after this one")
    String after;

    @Option(names = "--output", defaultValue = "text", description = "text (as kubectl describe) or json")
    Output output;

    ExplainCommand(AuditContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() {
        if (config != null) {
            try {
                ConfigLoader.load(config, ctx.env());
            } catch (ConfigException e) {
                throw new AuditException(e.getMessage());
            }
        }
        EngineClient client = new EngineClient(engineUrl(), token());
        if (target != null) {
            if (namespace != null || limit != null || after != null) {
                throw new AuditException("--namespace, --limit and --after list targets; not with a target");
            }
            TargetRef ref;
            try {
                ref = TargetRef.parse(target);
            } catch (IllegalArgumentException e) {
                throw new AuditException(e.getMessage());
            }
            String body = client.target(ref.key());
            if (output == Output.json) {
                ctx.out().println(body);
            } else {
                DescribeReport.describe(read(body, TargetView.class), ctx.out());
            }
            return 0;
        }
        Map<String, String> parameters = new LinkedHashMap<>();
        if (namespace != null) {
            try {
                parameters.put("namespace", TargetRef.requireNamespace(namespace));
            } catch (IllegalArgumentException e) {
                throw new AuditException("--namespace: " + e.getMessage());
            }
        }
        if (limit != null) {
            parameters.put("limit", limit.toString());
        }
        if (after != null) {
            parameters.put("after", after);
        }
        String body = client.list(parameters);
        if (output == Output.json) {
            ctx.out().println(body);
        } else {
            DescribeReport.list(
                    read(body, TargetPage.class), namespace == null ? "" : " --namespace " + namespace, ctx.out());
        }
        return 0;
    }

    private String engineUrl() {
        if (engine != null) {
            return engine;
        }
        return ctx.env().getOrDefault(ENGINE_ENV, "http://localhost:8083");
    }

    private String token() {
        String token;
        if (tokenFile != null) {
            try {
                token = Files.readString(tokenFile).strip();
            } catch (IOException e) {
                throw new AuditException("--token-file " + tokenFile + ": cannot read it (" + e + ")");
            }
        } else {
            token = ctx.env().get(TOKEN_ENV);
        }
        if (token == null || token.isBlank()) {
            throw new AuditException(
                    "no API token: give --token-file FILE or set " + TOKEN_ENV + " (the engine's engine.api_token)");
        }
        return token;
    }

    private static <T> T read(String body, Class<T> type) {
        try {
            return EventJson.mapper().readValue(body, type);
        } catch (JsonProcessingException e) {
            throw new AuditException(
                    "the engine's answer cannot be read as " + type.getSimpleName() + ": " + e.getOriginalMessage());
        }
    }
}
