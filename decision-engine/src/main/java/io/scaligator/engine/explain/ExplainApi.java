package io.scaligator.engine.explain;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.scaligator.common.config.Secret;
import io.scaligator.common.http.AuthorizationHeader;
import io.scaligator.common.ops.OpsServer;
import io.scaligator.common.serde.EventJson;
import io.scaligator.common.target.TargetRef;
import io.scaligator.engine.core.Policy;
import io.scaligator.engine.topology.EngineTopology;
import java.io.IOException;
import java.net.URLDecoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.StreamsMetadata;
import org.apache.kafka.streams.state.HostInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The read-only explain API on the engine's ops port: {@code GET /v1/targets/{namespace}/{kind}/{name}} (one
 * target's {@link TargetView}, asked of the instance whose stores hold it) and {@code GET
 * /v1/targets?namespace=&limit=&after=} (a {@link TargetPage} merged from every instance). Bearer token
 * {@code engine.api_token}; without one the API is off (404). 400 names a bad parameter, 404 an unknown target, 503
 * means Kafka Streams is not running or is moving the target (retry).
 */
public final class ExplainApi implements HttpHandler {

    public static final String PATH = "/v1/targets";
    /** Response header naming the engine instance whose stores answered ({@code host:port}). */
    public static final String SERVED_BY_HEADER = "X-Scaligator-Served-By";

    static final int DEFAULT_LIMIT = 100;
    static final int MAX_LIMIT = 500;
    private static final Logger LOG = LoggerFactory.getLogger(ExplainApi.class);
    private static final Set<String> LIST_PARAMETERS = Set.of("namespace", "limit", "after");

    private final KafkaStreams streams;
    private final Policy policy;
    private final Secret token;
    private final HostInfo self;
    private final LocalStores stores;
    private final Forwarder forwarder;
    private final Clock clock;

    /**
     * The API of the engine running {@code streams}; {@code self} is this instance's Streams
     * {@code application.server}, {@code inputTopic} a topic of the evaluating sub-topology.
     */
    public ExplainApi(
            KafkaStreams streams, Policy policy, String inputTopic, Secret token, HostInfo self, Clock clock) {
        this.streams = streams;
        this.policy = policy;
        this.token = token;
        this.self = self;
        this.stores = new LocalStores(streams, inputTopic);
        this.forwarder = new Forwarder(self);
        this.clock = clock;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        int status;
        String body;
        try {
            Reply reply = answer(exchange);
            status = reply.status();
            body = reply.body();
            exchange.getResponseHeaders().set(SERVED_BY_HEADER, reply.servedBy());
        } catch (ApiProblem p) {
            status = p.status();
            body = error(p.getMessage());
            if (status == 401) {
                exchange.getResponseHeaders().set("WWW-Authenticate", "Bearer realm=\"scaligator\"");
            } else if (status == 405) {
                exchange.getResponseHeaders().set("Allow", "GET, HEAD");
            } else if (status == 503) {
                exchange.getResponseHeaders().set("Retry-After", "5");
            }
        } catch (RuntimeException e) {
            LOG.error("explain API: {} failed: {}", exchange.getRequestURI().getRawPath(), e.toString(), e);
            status = 500;
            body = error("internal error; see the engine's log");
        }
        OpsServer.respond(exchange, status, "application/json", body);
    }

    /** A status and JSON body, answered here or by the instance the request was forwarded to. */
    private record Reply(int status, String body, String servedBy) {}

    private Reply answer(HttpExchange exchange) {
        if (token == null) {
            throw new ApiProblem(404, "the explain API is off: set engine.api_token to turn it on");
        }
        String method = exchange.getRequestMethod();
        if (!"GET".equals(method) && !"HEAD".equals(method)) {
            throw new ApiProblem(405, "method " + method + " not allowed: the explain API is read-only (GET)");
        }
        String authorization = exchange.getRequestHeaders().getFirst("Authorization");
        try {
            if (!token.matches(AuthorizationHeader.credential(authorization, "Bearer"))) {
                throw new ApiProblem(401, "invalid credentials");
            }
        } catch (IllegalArgumentException e) {
            throw new ApiProblem(401, e.getMessage());
        }
        if (streams.state() != KafkaStreams.State.RUNNING) {
            throw new ApiProblem(503, "Kafka Streams is " + streams.state() + ", not RUNNING; retry");
        }
        String path = exchange.getRequestURI().getRawPath();
        boolean forwarded = exchange.getRequestHeaders().getFirst(Forwarder.FORWARDED_HEADER) != null;
        Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
        if (path.equals(PATH) || path.equals(PATH + "/")) {
            return new Reply(200, json(list(query, forwarded, exchange, authorization)), name(self));
        }
        if (!path.startsWith(PATH + "/")) {
            throw new ApiProblem(404, "no such resource " + abbreviate(path) + "; try " + PATH);
        }
        if (!query.isEmpty()) {
            throw new ApiProblem(
                    400,
                    "unknown parameter '" + abbreviate(query.keySet().iterator().next()) + "': a target takes none");
        }
        TargetRef target = target(path.substring(PATH.length() + 1));
        KeyQueryMetadata owner = streams.queryMetadataForKey(
                EngineTopology.STATE_STORE, target.key(), Serdes.String().serializer());
        if (owner == null || owner.equals(KeyQueryMetadata.NOT_AVAILABLE)) {
            throw new ApiProblem(503, "the owner of " + target + " is not known now (rebalancing); retry");
        }
        if (!owner.activeHost().equals(self)) {
            if (forwarded) {
                throw new ApiProblem(503, target + " is moving between engine instances; retry");
            }
            HttpResponse<String> answer = forwarder.get(owner.activeHost(), pathAndQuery(exchange), authorization);
            return new Reply(
                    answer.statusCode(),
                    answer.body(),
                    answer.headers().firstValue(SERVED_BY_HEADER).orElse(name(owner.activeHost())));
        }
        LocalStores.Entry entry = stores.get(target, owner.partition());
        if (entry.state() == null && entry.lastDecision() == null) {
            throw new ApiProblem(
                    404, "target " + target + " is not known to the engine (never observed, or forgotten)");
        }
        return new Reply(
                200,
                json(TargetView.of(target, entry.state(), entry.lastDecision(), policy, clock.instant())),
                name(self));
    }

    private TargetPage list(Map<String, String> query, boolean forwarded, HttpExchange exchange, String auth) {
        for (String name : query.keySet()) {
            if (!LIST_PARAMETERS.contains(name)) {
                throw new ApiProblem(
                        400, "unknown parameter '" + abbreviate(name) + "'; allowed: namespace, limit, after");
            }
        }
        String namespace = query.get("namespace");
        if (namespace != null) {
            try {
                TargetRef.requireNamespace(namespace);
            } catch (IllegalArgumentException e) {
                throw new ApiProblem(400, "parameter namespace: " + e.getMessage());
            }
        }
        int limit = limit(query.get("limit"));
        String after = query.get("after");
        if (after != null && after.length() > 512) {
            throw new ApiProblem(400, "parameter after: longer than any target key (512 characters)");
        }
        if (forwarded) {
            return stores.page(namespace, after, limit);
        }
        List<TargetPage> pages = new ArrayList<>();
        for (StreamsMetadata instance : streams.streamsMetadataForStore(EngineTopology.STATE_STORE)) {
            if (instance.hostInfo().equals(self)) {
                pages.add(stores.page(namespace, after, limit));
            } else {
                pages.add(remotePage(instance.hostInfo(), exchange, auth));
            }
        }
        return merge(pages, limit);
    }

    private TargetPage remotePage(HostInfo instance, HttpExchange exchange, String auth) {
        HttpResponse<String> response = forwarder.get(instance, pathAndQuery(exchange), auth);
        if (response.statusCode() != 200) {
            throw new ApiProblem(
                    response.statusCode() == 503 ? 503 : 502,
                    "engine instance " + instance.host() + ":" + instance.port() + " answered " + response.statusCode()
                            + ": " + abbreviate(response.body()));
        }
        try {
            return EventJson.mapper().readValue(response.body(), TargetPage.class);
        } catch (JsonProcessingException e) {
            throw new ApiProblem(
                    502,
                    "engine instance " + instance.host() + ":" + instance.port() + " sent a page that cannot be read: "
                            + e.getOriginalMessage());
        }
    }

    /** The first {@code limit} targets of pages that each hold their instance's first {@code limit}. */
    static TargetPage merge(List<TargetPage> pages, int limit) {
        List<TargetPage.Summary> all = new ArrayList<>();
        boolean more = false;
        for (TargetPage page : pages) {
            all.addAll(page.targets());
            more |= page.next() != null;
        }
        all.sort(Comparator.comparing(TargetPage.Summary::target));
        List<TargetPage.Summary> first = all.subList(0, Math.min(limit, all.size()));
        more |= all.size() > limit;
        return new TargetPage(first, more ? first.get(first.size() - 1).target() : null);
    }

    private static int limit(String text) {
        if (text == null) {
            return DEFAULT_LIMIT;
        }
        try {
            int limit = Integer.parseInt(text);
            if (limit >= 1 && limit <= MAX_LIMIT) {
                return limit;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new ApiProblem(
                400, "parameter limit: '" + abbreviate(text) + "' is not an integer from 1 to " + MAX_LIMIT);
    }

    private static TargetRef target(String rawRest) {
        String[] parts = rawRest.split("/", -1);
        if (parts.length != 3) {
            throw new ApiProblem(400, "target path must be " + PATH + "/{namespace}/{kind}/{name}");
        }
        try {
            return TargetRef.parse(decode(parts[0]) + "/" + decode(parts[1]) + "/" + decode(parts[2]));
        } catch (IllegalArgumentException e) {
            throw new ApiProblem(400, e.getMessage());
        }
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> params = new HashMap<>();
        if (raw == null || raw.isEmpty()) {
            return params;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            String name = decode(eq < 0 ? pair : pair.substring(0, eq));
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
            if (params.put(name, value) != null) {
                throw new ApiProblem(400, "parameter " + abbreviate(name) + " given twice");
            }
        }
        return params;
    }

    private static String decode(String text) {
        try {
            return URLDecoder.decode(text, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new ApiProblem(400, "bad percent-encoding in '" + abbreviate(text) + "'");
        }
    }

    private static String name(HostInfo host) {
        return host.host() + ":" + host.port();
    }

    private static String pathAndQuery(HttpExchange exchange) {
        String query = exchange.getRequestURI().getRawQuery();
        return exchange.getRequestURI().getRawPath() + (query == null ? "" : "?" + query);
    }

    private static String json(Object value) {
        try {
            return EventJson.mapper().writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write " + value.getClass().getSimpleName() + " as JSON", e);
        }
    }

    private static String error(String message) {
        JsonNode node = EventJson.mapper().createObjectNode().put("error", message);
        return node.toString();
    }

    private static String abbreviate(String text) {
        return text.length() <= 64 ? text : text.substring(0, 64) + "...";
    }
}
