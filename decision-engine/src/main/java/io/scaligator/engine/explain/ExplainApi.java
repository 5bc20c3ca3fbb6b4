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
import java.net.http.HttpResponse;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
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

    private static final Logger LOG = LoggerFactory.getLogger(ExplainApi.class);

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
        Map<String, String> query =
                ListQuery.parameters(exchange.getRequestURI().getRawQuery());
        if (path.equals(PATH) || path.equals(PATH + "/")) {
            return new Reply(200, json(list(query, forwarded, exchange, authorization)), name(self));
        }
        if (!path.startsWith(PATH + "/")) {
            throw new ApiProblem(404, "no such resource " + ListQuery.abbreviate(path) + "; try " + PATH);
        }
        if (!query.isEmpty()) {
            throw new ApiProblem(
                    400,
                    "unknown parameter '"
                            + ListQuery.abbreviate(query.keySet().iterator().next()) + "': a target takes none");
        }
        TargetRef target = ListQuery.target(path.substring(PATH.length() + 1));
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
        ListQuery q = ListQuery.of(query);
        if (forwarded) {
            return stores.page(q);
        }
        List<TargetPage> pages = new ArrayList<>();
        for (StreamsMetadata instance : streams.streamsMetadataForStore(EngineTopology.STATE_STORE)) {
            if (instance.hostInfo().equals(self)) {
                pages.add(stores.page(q));
            } else {
                pages.add(remotePage(instance.hostInfo(), exchange, auth));
            }
        }
        return merge(pages, q.limit());
    }

    private TargetPage remotePage(HostInfo instance, HttpExchange exchange, String auth) {
        HttpResponse<String> response = forwarder.get(instance, pathAndQuery(exchange), auth);
        if (response.statusCode() != 200) {
            throw new ApiProblem(
                    response.statusCode() == 503 ? 503 : 502,
                    "engine instance " + instance.host() + ":" + instance.port() + " answered " + response.statusCode()
                            + ": " + ListQuery.abbreviate(response.body()));
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
}
